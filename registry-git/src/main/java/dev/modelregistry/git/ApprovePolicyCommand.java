package dev.modelregistry.git;

import dev.modelregistry.git.internal.CasRetry;
import dev.modelregistry.git.internal.MainHistory;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SignedAction;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A trusted signer's approval of a change of {@code registry.yaml} that waits for approvals (the
 * policy in force asks for {@code policy_changes: {required_approvals: N}}): a signed commit on
 * main that changes nothing and names the change. With N approvals from trusted signers other than
 * its author, the change is in force.
 */
public final class ApprovePolicyCommand
    extends RegistryCommand<ApprovePolicyCommand.PolicyApproval> {
  private String change;

  ApprovePolicyCommand(Registry registry) {
    super(registry);
  }

  /** The commit of main that changed {@code registry.yaml} (at least 7 hex digits). */
  public ApprovePolicyCommand change(String commit) {
    this.change = commit;
    return this;
  }

  public ApprovePolicyCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /**
   * The outcome.
   *
   * @param approvers every approver of the change so far
   * @param inForce true if this approval brought the change into force
   */
  public record PolicyApproval(
      String change, String commit, List<String> approvers, int required, boolean inForce) {}

  @Override
  PolicyApproval run() {
    if (change == null || !change.strip().matches("[0-9a-fA-F]{7,40}")) {
      throw new MissingInputException(
          Input.POLICY_CHANGE,
          "No policy change given: name the commit of main that changed"
              + " registry.yaml (7 to 40 hex digits).");
    }
    return registry.write(
        () -> {
          try (RegistryLock lock = registry.lock()) {
            return CasRetry.onFreshSnapshots(
                registry.context(),
                "main",
                "approving policy change " + change,
                s -> approve(s)); // null: the branch moved, run again
          }
        });
  }

  private PolicyApproval approve(Snapshot s) {
    MainHistory.Entry tip = s.main();
    String what = "Approval of the policy change " + change.strip();
    if (tip.state() != MainHistory.State.PENDING) {
      throw new RegistryRefusedException(
          what
              + " refused: no change of registry.yaml waits for approval on main ("
              + (tip.state() == MainHistory.State.TRUSTED
                  ? "registry.yaml is the policy in force"
                  : "registry.yaml holds an"
                      + " untrusted change, commit "
                      + tip.change().name()
                      + ", which approvals cannot bring into force")
              + ").");
    }
    String pending = tip.change().name();
    if (!pending.startsWith(change.strip().toLowerCase(java.util.Locale.ROOT))) {
      throw new RegistryRefusedException(
          what
              + " refused: the change that waits for approval is "
              + pending
              + "; approve that one (approvals name exactly what they approve).");
    }
    String author = s.trustHistory().entry(tip.change()).principal();
    SigningIdentity who =
        SigningIdentity.resolve(
            registry.context(), signer(), s.signersNow(), what, SignedAction.APPROVE);
    if (who.principal().equals(author)) {
      throw new RegistryRefusedException(
          what
              + " refused: "
              + author
              + " made this change and cannot approve it; another"
              + " trusted signer must.");
    }
    if (tip.approvers().contains(who.principal())) {
      throw new RegistryRefusedException(
          what + ": " + who.principal() + " has already approved it.");
    }
    Instant now = registry.clock().instant();
    Trailers t =
        Trailers.of(Trailers.ACTION, MainHistory.APPROVE_POLICY).with(Trailers.APPROVES, pending);
    ObjectId id =
        s.commitMain(
            new TreeEdit(), who, now, "Approve policy change " + pending.substring(0, 12), null, t);
    if (id == null) {
      return null;
    }
    TreeSet<String> approvers = new TreeSet<>(tip.approvers());
    approvers.add(who.principal());
    int required = s.policy().policyChanges().requiredApprovals();
    return new PolicyApproval(
        pending, id.name(), List.copyOf(approvers), required, approvers.size() >= required);
  }
}
