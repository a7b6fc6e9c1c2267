package dev.modelregistry.git;

import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Takes an environment back: by default to the version that was live before the current one was
 * promoted (promotions form a stack: after v1, v2, v3, two rollbacks give v2, then v1, never v3
 * again); with {@link #to}, to a named version, as a new record. The target must not be failed and
 * its artifact must validate. A reason is required. The rollback aims at the state it read: if the
 * model's record moves before the commit lands, it stops and says so rather than undo someone
 * else's change.
 */
public final class RollbackCommand {
  private final Registry registry;
  private String model;
  private String environment = Policy.PRODUCTION;
  private String reason;
  private String to;
  private boolean dryRun;
  private CommitSigner signer;
  private EnvironmentRecord aimedAt;

  RollbackCommand(Registry registry) {
    this.registry = registry;
  }

  public RollbackCommand model(String model) {
    this.model = model;
    return this;
  }

  public RollbackCommand environment(String environment) {
    if (environment != null) {
      this.environment = environment;
    }
    return this;
  }

  /** Why; required, recorded in the commit. */
  public RollbackCommand reason(String reason) {
    this.reason = reason;
    return this;
  }

  /** A named version to go to instead of the previous one. */
  public RollbackCommand to(String version) {
    this.to = version;
    return this;
  }

  /** Check everything, say what would happen, write nothing. */
  public RollbackCommand dryRun(boolean dryRun) {
    this.dryRun = dryRun;
    return this;
  }

  public RollbackCommand signingKey(Path key) {
    this.signer = key == null ? null : CommitSigner.sshKey(key);
    return this;
  }

  public Rollback call() {
    ModelName m = Registry.requireModel(model);
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException(
          "A rollback needs a reason, recorded for the audit trail: set registry.reason (for example"
              + " -Dregistry.reason=\"v1.1.0 losing money since 09:30\").");
    }
    Rollback done = registry.write(() -> {
      try (RegistryLock lock = registry.lock(); Snapshot s = Snapshot.take(registry)) {
        return rollback(s, m, lock);
      } catch (IOException e) {
        throw new dev.modelregistry.model.RegistryUnavailableException("Cannot read branch " + environment + ": " + e.getMessage(), e);
      }
    });
    registry.reported(done.repairs());
    return done;
  }

  private Rollback rollback(Snapshot s, ModelName m, RegistryLock lock) throws IOException {
    String what = "Rollback of " + m + " in " + environment;
    EnvironmentBranch branch = s.environment(environment);
    EnvironmentRecord current = branch.current(m).orElseThrow(() -> new RegistryRefusedException(
        what + " refused: " + m + " has never been in " + environment + ", so there is nothing to roll back."));
    // A retry (the remote moved first) aims at the state the first attempt read: if the model's
    // record changed meanwhile, someone else acted; stop rather than undo their change.
    if (aimedAt == null) {
      aimedAt = current;
    } else if (!aimedAt.equals(current)) {
      throw new ConcurrentChangeException(what + " stopped: " + environment + " changed while it was being prepared; " + m
          + " is now at " + current.version() + " (by " + current.promotedBy() + "). Nothing was written. Look at the new"
          + " state (registry:history) and run the rollback again if it is still needed.");
    }
    SigningIdentity who = dryRun ? null : SigningIdentity.resolve(registry, signer, s.signersNow(), what);
    Instant now = registry.clock().instant();

    byte[] targetBytes;
    EnvironmentRecord target;
    String reverted = null;
    if (to == null) {
      RevCommit top = branch.promotionOnTop(m).orElseThrow(() -> nothingBefore(what, m, current));
      RevCommit before = branch.parent(top);
      Optional<byte[]> previous = before == null ? Optional.empty() : branch.bytesAt(m, before);
      if (previous.isEmpty()) {
        throw nothingBefore(what, m, current);
      }
      targetBytes = previous.get();
      target = SafeMapper.read(targetBytes, EnvironmentRecord.class, RegistryFormat.environmentRecord(environment, m), false);
      reverted = top.name();
    } else {
      ModelVersion v = s.policy().versions().parse(to);
      if (!s.catalog.hasVersion(m, v)) {
        throw new UnknownVersionException(m, v, s.catalog.versions(m));
      }
      if (v.value().equals(current.version())) {
        throw new RegistryRefusedException(what + " refused: " + m + " " + v + " is already what " + environment + " runs.");
      }
      target = new EnvironmentRecord(m.value(), v.value(), s.catalog.pointer(m, v).sha256(), now,
          who == null ? null : who.principal(), reason,
          List.of(new GateResult("rollback target", "not failed, artifact valid", "checked", true)));
      targetBytes = SafeMapper.writeYaml(target).getBytes(StandardCharsets.UTF_8);
    }
    ModelVersion targetVersion = target.modelVersion();
    s.catalog.failure(m, targetVersion).ifPresent(f -> {
      throw new RegistryRefusedException(what + " refused: the version to return to, " + targetVersion
          + ", is marked failed (" + f.reason() + "). Roll back to a named good version with registry.to.");
    });
    ValidateCommand.check(registry, s.catalog, m, targetVersion); // throws, naming both hashes

    if (dryRun) {
      return new Rollback(environment, current, target, null, reverted, true, lock.repairs());
    }
    Trailers trailers = Trailers.of(Trailers.ACTION, "rollback").with(Trailers.MODEL, m.value())
        .with(Trailers.VERSION, targetVersion.value()).with(Trailers.SHA256, target.sha256().hex())
        .with(Trailers.REASON, reason);
    if (reverted != null) {
      trailers = trailers.with(Trailers.REVERTS, reverted);
    }
    String body = reason.strip() + "\n\n" + m + " " + current.version() + " -> " + targetVersion
        + (reverted == null ? " (named target)." : " (reverts promotion " + reverted.substring(0, 12) + ").");
    ObjectId commit = s.commitRecord(environment, branch.tip(), m, new String(targetBytes, StandardCharsets.UTF_8), who, now,
        "Roll back " + m + " in " + environment + " to " + targetVersion, body, trailers);
    if (!BranchWriter.compareAndSwap(registry.repository(), environment, branch.tip(), commit, "registry: rollback " + m)) {
      throw moved(what, m);
    }
    return new Rollback(environment, current, target, commit.name(), reverted, false, lock.repairs());
  }

  private RegistryRefusedException moved(String what, ModelName m) {
    try (Snapshot again = Snapshot.take(registry)) {
      String now = again.environment(environment).current(m).map(r -> r.version() + " (by " + r.promotedBy() + ")").orElse("nothing");
      return new ConcurrentChangeException(what + " stopped: " + environment + " changed while it was being prepared; "
          + m + " is now at " + now + ". Nothing was written. Look at the new state (registry:history) and run the"
          + " rollback again if it is still needed.");
    }
  }

  private RegistryRefusedException nothingBefore(String what, ModelName m, EnvironmentRecord current) {
    return new RegistryRefusedException(what + " refused: No previous version found. " + m + " " + current.version()
        + " was the first version promoted to " + environment + ", so there is nothing to return to. Promote or"
        + " name a good version (registry.to), or mark this one failed (registry:fail).");
  }
}
