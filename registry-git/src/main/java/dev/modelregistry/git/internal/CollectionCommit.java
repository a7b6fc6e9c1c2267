package dev.modelregistry.git.internal;

import dev.modelregistry.model.Text;
import java.time.Instant;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The commit of a collection on main: the version directories of a plan removed in one tree, a
 * message that lists each version for people, and the trailers verify and history read: {@code
 * Registry-Action: gc} and one {@code Registry-Collected: <model>/<version>} per version.
 */
public final class CollectionCommit {
  private CollectionCommit() {}

  /** Commits the plan on main's tip, signed by {@code who}; null if main moved meanwhile. */
  public static ObjectId write(Snapshot s, GcPlan.Plan plan, SigningIdentity who, Instant now) {
    TreeEdit edit = new TreeEdit();
    plan.candidates().forEach(c -> edit.delete(RegistryFormat.versionDir(c.model(), c.version())));
    String subject =
        "Collect " + plan.candidates().size() + " version(s) under the retention policy";
    String message =
        Trailers.of(Trailers.ACTION, Removals.GC)
            .message(
                subject,
                body(plan),
                Trailers.COLLECTED,
                plan.candidates().stream().map(c -> c.model() + "/" + c.version()).toList());
    return s.commitMain(edit, who, now, subject, message);
  }

  private static String body(GcPlan.Plan plan) {
    StringBuilder b = new StringBuilder("Retention: " + plan.retention().summary() + ".\n");
    for (GcPlan.Candidate c : plan.candidates()) {
      b.append("\n")
          .append(c.model())
          .append(' ')
          .append(c.version())
          .append(": ")
          .append(c.status().label())
          .append(", registered ")
          .append(c.registeredAt())
          .append(", ")
          .append(Text.bytes(c.pointer().size()));
    }
    return b.toString();
  }
}
