package dev.modelregistry.git;

import dev.modelregistry.git.errors.ConcurrentChangeException;
import dev.modelregistry.git.errors.NothingToRollBackException;
import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.EnvironmentBranch;
import dev.modelregistry.git.internal.Registrations;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.RoleCheck;
import dev.modelregistry.git.internal.RollbackAttempts;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
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
public final class RollbackCommand extends RegistryCommand<Rollback> {
  private String model;
  private String environment = Policy.PRODUCTION;
  private String reason;
  private String to;
  private String takeOut;
  private boolean dryRun;
  private EnvironmentRecord aimedAt;

  RollbackCommand(Registry registry) {
    super(registry);
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

  /**
   * The version to take out of the environment: the rollback acts only if the environment runs it
   * now, and otherwise writes nothing and says what runs and which commit took it out. So the same
   * command run twice (after a kill, a lost answer, or by two people at once) goes back one
   * version, never two.
   */
  public RollbackCommand version(String version) {
    this.takeOut = version;
    return this;
  }

  /** Check everything, say what would happen, write nothing. */
  public RollbackCommand dryRun(boolean dryRun) {
    this.dryRun = dryRun;
    return this;
  }

  public RollbackCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  @Override
  Rollback run() {
    ModelName m = Registry.requireModel(model);
    if (reason == null || reason.isBlank()) {
      throw new MissingInputException(
          Input.REASON,
          "A rollback needs a reason, recorded for the audit trail (for example \"v1.1.0 losing money since 09:30\").");
    }
    RollbackAttempts attempts =
        new RollbackAttempts(registry.stateDirectory(), registry.rootOfMain());
    Rollback done;
    try {
      done =
          registry.writeLeasingEveryBranch(
              () -> {
                try (RegistryLock lock = registry.lock();
                    Snapshot s = Snapshot.take(registry.context())) {
                  return rollback(s, m, attempts, lock);
                } catch (IOException e) {
                  throw new dev.modelregistry.model.RegistryUnavailableException(
                      "Cannot read branch " + environment + ": " + e.getMessage(), e);
                }
              });
    } catch (RegistryRefusedException refused) {
      attempts.end(environment, m.value()); // refused: certainly nothing landed
      throw refused;
    }
    attempts.end(environment, m.value());
    registry.reported(done.repairs());
    return done;
  }

  private Rollback rollback(Snapshot s, ModelName m, RollbackAttempts attempts, RegistryLock lock)
      throws IOException {
    String what = "Rollback of " + m + " in " + environment;
    EnvironmentBranch branch = s.environment(environment);
    EnvironmentRecord current =
        branch
            .current(m)
            .orElseThrow(
                () ->
                    new RegistryRefusedException(
                        what
                            + " refused: "
                            + m
                            + " has never been in "
                            + environment
                            + ", so there is nothing to roll back."));
    if (takeOut != null) {
      ModelVersion out = ModelVersion.of(takeOut);
      if (!out.value().equals(current.version())) {
        return alreadyOut(branch, m, out, current, what, lock);
      }
    } else if (to == null && aimedAt == null) {
      refuseAfterUnknownOutcome(attempts, branch, m, current, what);
    }
    // A retry (the remote moved first) aims at the state the first attempt read: if the model's
    // record changed meanwhile, someone else acted; stop rather than undo their change.
    if (aimedAt == null) {
      aimedAt = current;
    } else if (!aimedAt.equals(current)) {
      throw new ConcurrentChangeException(
          what
              + " stopped: "
              + environment
              + " changed while it was being prepared; "
              + m
              + " is now at "
              + current.version()
              + " (by "
              + current.promotedBy()
              + "). Nothing was written. Look at the new"
              + " state (history) and run the rollback again if it is still needed.");
    }
    SigningIdentity who =
        dryRun
            ? null
            : SigningIdentity.resolve(
                registry.context(), signer(), s.signersNow(), what, SignedAction.ROLLBACK);
    Instant now = registry.clock().instant();

    byte[] targetBytes;
    EnvironmentRecord target;
    String reverted = null;
    dev.modelregistry.model.ArtifactPointer targetPointer;
    if (to == null) {
      RevCommit top = branch.promotionOnTop(m).orElseThrow(() -> nothingBefore(what, m, current));
      RevCommit before = branch.parent(top);
      Optional<byte[]> previous = before == null ? Optional.empty() : branch.bytesAt(m, before);
      if (previous.isEmpty()) {
        throw nothingBefore(what, m, current);
      }
      targetBytes = previous.get();
      target =
          SafeMapper.read(
              targetBytes,
              EnvironmentRecord.class,
              RegistryFormat.environmentRecord(environment, m),
              false);
      reverted = top.name();
      targetPointer = registeredPointer(s, m, target.modelVersion());
    } else {
      ModelVersion v = s.policy().versions().parse(to);
      Registrations.Registered registered = s.registered(m, v, what);
      if (v.value().equals(current.version())) {
        throw new RegistryRefusedException(
            what + " refused: " + m + " " + v + " is already what " + environment + " runs.");
      }
      refuseOffTheStack(s, who != null ? who : keyOfADryRun(s, what), branch, m, v, what);
      targetPointer = s.pointer(registered);
      target =
          new EnvironmentRecord(
              m.value(),
              v.value(),
              targetPointer.sha256(),
              now,
              who == null ? null : who.principal(),
              reason,
              List.of(
                  new GateResult(
                      "rollback target", "not failed, artifact valid", "checked", true)));
      targetBytes = SafeMapper.writeYaml(target).getBytes(StandardCharsets.UTF_8);
    }
    ModelVersion targetVersion = target.modelVersion();
    s.requireInCatalog(m, targetVersion, what); // never back to a version gc collected
    s.catalog
        .failure(m, targetVersion)
        .ifPresent(
            f -> {
              throw new RegistryRefusedException(
                  what
                      + " refused: the version to return to, "
                      + targetVersion
                      + ", is marked failed ("
                      + f.reason()
                      + "). Roll back to a named good version instead (the version to roll back to).");
            });
    ValidateCommand.check(
        registry.storeFor(s.policy()),
        m,
        targetVersion,
        targetPointer); // throws, naming both hashes

    if (dryRun) {
      return new Rollback(environment, current, target, null, reverted, true, null, lock.repairs());
    }
    Trailers trailers =
        Trailers.of(Trailers.ACTION, "rollback")
            .with(Trailers.MODEL, m.value())
            .with(Trailers.VERSION, targetVersion.value())
            .with(Trailers.SHA256, target.sha256().hex())
            .with(Trailers.REASON, reason);
    if (reverted != null) {
      trailers = trailers.with(Trailers.REVERTS, reverted);
    }
    String body =
        reason.strip()
            + "\n\n"
            + m
            + " "
            + current.version()
            + " -> "
            + targetVersion
            + (reverted == null
                ? " (named target)."
                : " (reverts promotion " + reverted.substring(0, 12) + ").");
    ObjectId commit =
        s.commitRecord(
            environment,
            branch.tip(),
            m,
            new String(targetBytes, StandardCharsets.UTF_8),
            who,
            now,
            "Roll back " + m + " in " + environment + " to " + targetVersion,
            body,
            trailers);
    // from here the outcome may be unknown to whoever runs this again (a kill, a lost push answer)
    attempts.begin(
        environment,
        m.value(),
        new RollbackAttempts.Attempt(
            branch.tip().name(), current.version(), targetVersion.value(), now));
    if (!BranchWriter.compareAndSwap(
        registry.repository(), environment, branch.tip(), commit, "registry: rollback " + m)) {
      throw moved(what, m);
    }
    return new Rollback(
        environment, current, target, commit.name(), reverted, false, null, lock.repairs());
  }

  /**
   * The identity of the key a dry run was given, if any, so that it says what the real run would: a
   * dry run signs nothing, but a rollback-only key's named target is checked all the same.
   */
  private SigningIdentity keyOfADryRun(Snapshot s, String what) {
    return signer() == null
        ? null
        : SigningIdentity.resolve(
            registry.context(), signer(), s.signersNow(), what, SignedAction.ROLLBACK);
  }

  /**
   * Refuses a named target that a signer limited by a role may not go to: only versions below on
   * the promotion stack (they ran here before), so a rollback-only key never puts a new version
   * live. The verifier holds every rollback to the same rule.
   */
  private static void refuseOffTheStack(
      Snapshot s,
      SigningIdentity who,
      EnvironmentBranch branch,
      ModelName m,
      ModelVersion v,
      String what) {
    var roles =
        who == null
            ? java.util.Set.<dev.modelregistry.model.SignerRole>of()
            : s.signersNow().rolesOf(who.principal());
    if (roles.isEmpty()) {
      return;
    }
    String off = RoleCheck.targetProblem(branch, m, v);
    if (off != null) {
      throw new RegistryRefusedException(
          what
              + " refused: it would be signed by "
              + RoleCheck.limited(who.principal(), roles)
              + ", and "
              + off
              + ". Roll back without naming a version, or use a release manager's key to bring"
              + " in another version. Nothing was written.");
    }
  }

  /**
   * The registered pointer of a version to return to; an emergency rollback is not held up by a
   * later edit of its files.
   */
  private dev.modelregistry.model.ArtifactPointer registeredPointer(
      Snapshot s, ModelName m, ModelVersion v) {
    return s.registration(m, v).map(s::pointer).orElseGet(() -> s.catalog.pointer(m, v));
  }

  /**
   * The version to take out no longer runs: nothing is written; the answer says what runs and what
   * took it out.
   */
  private Rollback alreadyOut(
      EnvironmentBranch branch,
      ModelName m,
      ModelVersion out,
      EnvironmentRecord current,
      String what,
      RegistryLock lock) {
    List<HistoryEntry> history = branch.history(m); // newest first
    for (int i = 1; i < history.size(); i++) {
      EnvironmentRecord r = history.get(i).record();
      if (r != null && r.version().equals(out.value())) {
        return new Rollback(
            environment,
            current,
            current,
            null,
            null,
            dryRun,
            history.get(i - 1).commit(),
            lock.repairs());
      }
    }
    throw new RegistryRefusedException(
        what
            + " refused: "
            + m
            + " "
            + out
            + " never ran in "
            + environment
            + "; it runs "
            + current.version()
            + " now. Nothing was written. Name the version that runs now to take it out.");
  }

  /**
   * Refuses a rollback down the stack when an earlier one from this machine has no known outcome
   * and the environment has moved since it began: that one probably landed, and this one would go
   * back a second version.
   */
  private void refuseAfterUnknownOutcome(
      RollbackAttempts attempts,
      EnvironmentBranch branch,
      ModelName m,
      EnvironmentRecord current,
      String what) {
    Optional<RollbackAttempts.Attempt> pending = attempts.get(environment, m.value());
    if (pending.isEmpty() || pending.get().fromTip().equals(branch.tip().name())) {
      return; // none, or it did not land: this run does what it meant to
    }
    RollbackAttempts.Attempt a = pending.get();
    throw new ConcurrentChangeException(
        what
            + " refused: a rollback begun on this machine at "
            + a.startedAt()
            + " ("
            + a.fromVersion()
            + " -> "
            + a.toVersion()
            + ") ended without a known outcome, and "
            + environment
            + " has changed"
            + " since: it runs "
            + current.version()
            + " now (by "
            + current.promotedBy()
            + "). That rollback has probably"
            + " landed, and rolling back again would go back a second version. Nothing was written. To take a version out,"
            + " name it: a rollback naming "
            + current.version()
            + " as the version to take out does it only if that version still runs.");
  }

  private RegistryRefusedException moved(String what, ModelName m) {
    try (Snapshot again = Snapshot.take(registry.context())) {
      String now =
          again
              .environment(environment)
              .current(m)
              .map(r -> r.version() + " (by " + r.promotedBy() + ")")
              .orElse("nothing");
      return new ConcurrentChangeException(
          what
              + " stopped: "
              + environment
              + " changed while it was being prepared; "
              + m
              + " is now at "
              + now
              + ". Nothing was written. Look at the new state (history) and run the"
              + " rollback again if it is still needed.");
    }
  }

  private NothingToRollBackException nothingBefore(
      String what, ModelName m, EnvironmentRecord current) {
    return new NothingToRollBackException(
        what
            + " refused: No previous version found. "
            + m
            + " "
            + current.version()
            + " was the first version promoted to "
            + environment
            + ", so there is nothing to return to. Promote or"
            + " name a good version to roll back to, or mark this one failed (fail).");
  }
}
