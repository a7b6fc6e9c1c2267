package dev.modelregistry.git.internal;

import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Ref;

/**
 * What the environments do with one model's versions, as {@code gc} must know it before it removes
 * any: which version each runs now, which ones rollbacks down its stack would bring back, which
 * wait for review on a promotion branch, and when each was last live anywhere. Read from the
 * verified branches of a snapshot; an environment branch that cannot be trusted stops gc (the read
 * refuses).
 */
public final class EnvironmentUse {
  private final Set<ModelVersion> live = new HashSet<>();
  private final Set<ModelVersion> rollbackTargets = new HashSet<>();
  private final Set<ModelVersion> pending = new HashSet<>();
  private final Map<ModelVersion, Instant> lastLive = new HashMap<>();

  private EnvironmentUse() {}

  /**
   * Reads every environment of the policy in force for {@code model}, keeping {@code keepLast}
   * rollback targets of each.
   */
  public static EnvironmentUse of(Snapshot s, ModelName model, int keepLast, Instant now) {
    EnvironmentUse use = new EnvironmentUse();
    for (String env : s.policy().environments().keySet()) {
      EnvironmentBranch branch = s.environment(env);
      branch.current(model).ifPresent(r -> use.live.add(r.modelVersion()));
      use.rollbackTargets.addAll(branch.rollbackTargets(model, keepLast));
      List<HistoryEntry> history = branch.history(model); // newest first
      for (int i = 0; i < history.size(); i++) {
        HistoryEntry e = history.get(i);
        if (e.record() != null) {
          // live until the change after it went live (now, for the newest)
          Instant until = i == 0 ? now : history.get(i - 1).at();
          use.lastLive.merge(e.record().modelVersion(), until, (a, b) -> a.isAfter(b) ? a : b);
        }
      }
    }
    use.pending.addAll(pendingPromotions(s, model));
    return use;
  }

  /** The versions of {@code model} on promotion branches ({@code promotion/<model>/<version>}). */
  private static Set<ModelVersion> pendingPromotions(Snapshot s, ModelName model) {
    Set<ModelVersion> out = new HashSet<>();
    String prefix = RegistryFormat.ref("promotion/" + model.value() + "/");
    try {
      for (Ref r : s.registry.repository().getRefDatabase().getRefsByPrefix(prefix)) {
        try {
          out.add(ModelVersion.of(r.getName().substring(prefix.length())));
        } catch (InvalidInputException e) {
          // not a branch the registry wrote: it names no version of ours
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot list the promotion branches: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Why {@code version} must stay whatever its age, or empty: an environment runs it, a rollback
   * could return to it, or a promotion of it waits for review.
   */
  public Optional<String> protects(ModelVersion version) {
    if (live.contains(version)) {
      return Optional.of("an environment runs it");
    }
    if (rollbackTargets.contains(version)) {
      return Optional.of("a rollback could return to it");
    }
    if (pending.contains(version)) {
      return Optional.of("a promotion of it waits for review");
    }
    return Optional.empty();
  }

  /** When {@code version} was last live in any environment, if it ever was. */
  public Optional<Instant> lastLive(ModelVersion version) {
    return Optional.ofNullable(lastLive.get(version));
  }
}
