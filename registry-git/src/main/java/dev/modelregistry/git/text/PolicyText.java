package dev.modelregistry.git.text;

import dev.modelregistry.git.PolicyCommand;
import java.util.List;

/** The lines of a policy change's answer, the same in every front end. */
public final class PolicyText {
  private PolicyText() {}

  /** What a policy change did: its commit, and whether it is in force yet. */
  public static List<String> changed(PolicyCommand.Changed c) {
    return List.of(
        "Changed registry.yaml on main: signed commit " + c.commit() + ".",
        c.pendingApprovals() == 0
            ? "In force now."
            : "Not in force until "
                + c.pendingApprovals()
                + " other trusted signer(s) approve it (approve, with the policy change "
                + c.commit().substring(0, 12)
                + ").");
  }
}
