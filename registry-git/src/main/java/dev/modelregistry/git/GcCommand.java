package dev.modelregistry.git;

import dev.modelregistry.git.internal.CasRetry;
import dev.modelregistry.git.internal.CollectedBytes;
import dev.modelregistry.git.internal.CollectionCommit;
import dev.modelregistry.git.internal.EnvironmentTips;
import dev.modelregistry.git.internal.GcPlan;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.store.IdleArtifacts;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.SignedAction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Garbage collection under the retention policy ({@code retention:} in {@code registry.yaml}, see
 * {@code RetentionPolicy}): a dry run that reports what it would remove unless {@link #force}d.
 * Forced, it removes the version directories from {@code main} in one commit, signed by a trusted
 * signer and naming each version in a {@code Registry-Collected} trailer (history keeps the
 * metadata; {@code show} and {@code history} say who collected a version and when), then deletes
 * the artifact bytes no branch names any more. A registration, promotion or rollback that lands
 * while it plans makes it plan again on the new state: a version registered or promoted meanwhile
 * stays, with its bytes.
 */
public final class GcCommand extends RegistryCommand<GcReport> {
  private boolean force;

  GcCommand(Registry registry) {
    super(registry);
  }

  /** Really remove; without it, only report what would go. */
  public GcCommand force(boolean force) {
    this.force = force;
    return this;
  }

  /** The trusted SSH key that signs the collection (a forced run that removes versions). */
  public GcCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /** A collection as it landed on main (or found nothing due), for the sweep of the store. */
  private record Landed(GcPlan.Plan plan, Policy policy, String commit, List<String> repairs) {}

  @Override
  GcReport run() {
    if (!force) {
      try (Snapshot s = Snapshot.take(registry.context())) {
        return report(GcPlan.of(s, registry.clock().instant()), null, null, List.of());
      }
    }
    Landed landed = registry.writeLeasingEveryBranch(this::collect);
    registry.reported(landed.repairs());
    IdleArtifacts.Swept swept;
    try (RegistryLock lock = registry.lock()) {
      registry.refresh(); // a remote's newest refs: bytes that other writers point to since stay
      swept =
          CollectedBytes.sweep(
              registry.context(),
              landed.policy(),
              registry.storeFor(landed.policy()),
              landed.plan().candidates().stream().map(c -> c.pointer().sha256()).toList());
    }
    return report(landed.plan(), landed.commit(), swept, landed.repairs());
  }

  private Landed collect() {
    try (RegistryLock lock = registry.lock()) {
      return CasRetry.onFreshSnapshots(
          registry.context(), "main", "collecting garbage", s -> attempt(s, lock));
    }
  }

  /** One attempt on a fresh snapshot; null if a branch moved meanwhile: plan again. */
  private Landed attempt(Snapshot s, RegistryLock lock) {
    String what = "Garbage collection";
    s.requireTrustedPolicy(what);
    Instant now = registry.clock().instant();
    GcPlan.Plan plan = GcPlan.of(s, now);
    if (plan.candidates().isEmpty()) {
      return new Landed(plan, s.policy(), null, lock.repairs());
    }
    SigningIdentity who =
        SigningIdentity.resolve(
            registry.context(), signer(), s.signersNow(), what, SignedAction.COLLECT);
    if (EnvironmentTips.movedSince(s, plan.tips())) {
      return null; // a promotion or rollback landed while planning: what it runs must stay
    }
    ObjectId id = CollectionCommit.write(s, plan, who, now);
    return id == null ? null : new Landed(plan, s.policy(), id.name(), lock.repairs());
  }

  private GcReport report(
      GcPlan.Plan plan, String commit, IdleArtifacts.Swept swept, List<String> repairs) {
    List<GcReport.Candidate> out =
        plan.candidates().stream()
            .map(
                c ->
                    new GcReport.Candidate(
                        c.model(),
                        c.version(),
                        c.status(),
                        c.registeredAt(),
                        Duration.between(c.registeredAt(), plan.at()).toDays(),
                        Duration.between(c.since(), plan.at()).toDays(),
                        c.pointer().size(),
                        c.pointer().sha256()))
            .toList();
    long reclaimable = plan.reclaimable().values().stream().mapToLong(Long::longValue).sum();
    return new GcReport(
        swept == null,
        plan.retention(),
        plan.at(),
        out,
        reclaimable,
        plan.reclaimable().size(),
        commit,
        swept == null ? 0 : swept.removed().size(),
        swept == null ? 0 : swept.bytes(),
        swept == null ? 0 : swept.inUse().size(),
        repairs);
  }
}
