package dev.modelregistry.git;

import dev.modelregistry.git.errors.ConcurrentChangeException;
import dev.modelregistry.git.errors.NothingToRollBackException;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.RollbackTriggers;
import dev.modelregistry.model.TriggerFired;
import dev.modelregistry.model.TriggerWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rolls one model in one environment back by itself when the environment's {@code
 * rollback_triggers:} in {@code registry.yaml} say so: the serving process's automatic rollback.
 * The service (its model loader) tells the guard which version it runs ({@link #modelLoaded}),
 * feeds it the returns that version earns ({@link #observe}), and reports versions it failed to
 * load or verify ({@link #loadFailed}); the guard judges them (see {@link TriggerWatch}) and, when
 * a trigger fires, makes a signed rollback with the service's key whose reason names the trigger
 * and the figures. The loader then follows the rollback like any other change.
 *
 * <pre>{@code
 * try (RollbackGuard guard =
 *     RollbackGuard.open("/srv/registry.git", RegistryOptions.defaults())
 *         .model("risk_model")
 *         .signingKey(Path.of("/etc/signal-service/rollback_key"))
 *         .listener(a -> log.warn(a.summary()))
 *         .build()) {
 *   guard.modelLoaded("v1.2.0");                       // from the loader's callback
 *   guard.observe(Instant.now(), -0.013);              // each period's return
 *   guard.loadFailed("v1.3.0", "checksum mismatch");   // from the loader's failure report
 * }
 * }</pre>
 *
 * <p>One incident, one rollback:
 *
 * <ul>
 *   <li>a trigger fires at most once for a loaded version; observations after a fire do nothing
 *       until the service loads another version, whose own figures start from nothing;
 *   <li>every rollback names the version it takes out ({@link RollbackCommand#version}), so if a
 *       person (or another process) took it out first, the guard writes nothing and says so ({@link
 *       GuardAction.Outcome#ALREADY_OUT}); the same holds after a restart of the guard, since what
 *       the environment runs is read from the registry, not remembered;
 *   <li>before it writes, the guard reads what the environment runs: a version it no longer runs is
 *       not rolled back ({@link GuardAction.Outcome#NOT_LIVE}), and each live record is acted on
 *       once while the service runs the same version, so a loader retrying a version that fails to
 *       load does not make a storm of refusals;
 *   <li>never past what the stack allows: with nothing below the live version the guard reports
 *       {@link GuardAction.Outcome#NOTHING_TO_ROLL_BACK_TO} and writes nothing;
 *   <li>a trigger that {@code registry.yaml} no longer arms when the guard is about to write is not
 *       acted on: turning automatic rollback off takes effect at once.
 * </ul>
 *
 * <p>In a dry run the guard checks each rollback as {@code rollback} does and reports what it would
 * do ({@link GuardAction.Outcome#WOULD_ROLL_BACK}), writing nothing. If the registry cannot be
 * reached, the rollback is tried again at the first observation {@link #RETRY_AFTER} later (or the
 * loader's next failure report).
 *
 * <p>Observations live in memory: after a restart the Sharpe window must fill again, and drawdown
 * and losses count from the restart. Thread-safe: calls are serialised, and a call that rolls back
 * returns once the rollback is written. The guard uses its registry only from its own calls; give
 * it a {@link Registry} that nothing else uses at the same time, or let it open its own ({@link
 * #open}).
 */
public final class RollbackGuard implements AutoCloseable {
  /** How long after a rollback that could not reach the registry it is tried again. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final Registry registry;
  private final boolean ownsRegistry;
  private final String model;
  private final String environment;
  private final Path signingKey;
  private final Clock clock;
  private final boolean dryRun;
  private final Consumer<GuardAction> listener;

  private RollbackTriggers triggers;
  private TriggerWatch watch; // null until the service says what it runs

  /**
   * Live records acted on since the service loaded its version: one incident, one rollback (or one
   * report), whichever trigger fires and however often the loader reports the same failure.
   */
  private final Set<EnvironmentRecord> handled = new HashSet<>();

  private TriggerFired pending; // fired, but the registry could not be reached
  private Instant lastAttempt;

  private RollbackGuard(
      Builder b, String model, Registry registry, boolean ownsRegistry, RollbackTriggers triggers) {
    this.registry = registry;
    this.ownsRegistry = ownsRegistry;
    this.model = model;
    this.environment = b.environment;
    this.signingKey = b.signingKey;
    this.clock = b.clock;
    this.dryRun = b.dryRun;
    this.listener = b.listener;
    this.triggers = triggers;
  }

  /** A guard on {@code registry}, which the caller keeps open while the guard runs and closes. */
  public static Builder on(Registry registry) {
    if (registry == null) {
      throw Registry.required(Input.URL, "to guard a model");
    }
    return new Builder(registry, null, null);
  }

  /** A guard on the registry at {@code url}, which it opens and closes itself. */
  public static Builder open(String url, RegistryOptions options) {
    if (url == null || url.isBlank()) {
      throw Registry.required(Input.URL, "to guard a model");
    }
    return new Builder(null, url, options == null ? RegistryOptions.defaults() : options);
  }

  /** The inputs of a guard; {@link #build()} checks them. */
  public static final class Builder {
    private final Registry registry;
    private final String url;
    private final RegistryOptions options;
    private String model;
    private String environment = Policy.PRODUCTION;
    private Path signingKey;
    private Clock clock = Clock.systemUTC();
    private boolean dryRun;
    private Consumer<GuardAction> listener = a -> {};

    private Builder(Registry registry, String url, RegistryOptions options) {
      this.registry = registry;
      this.url = url;
      this.options = options;
    }

    /** The model the service runs. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** The environment it runs from; {@code production} unless given. */
    public Builder environment(String environment) {
      if (environment != null) {
        this.environment = environment;
      }
      return this;
    }

    /** The service's SSH private key, which signs its rollbacks; needed unless a dry run. */
    public Builder signingKey(Path key) {
      this.signingKey = key;
      return this;
    }

    /**
     * The clock the guard dates its actions and retries by (and its rollback commits, in a registry
     * it opens itself).
     */
    public Builder clock(Clock clock) {
      if (clock != null) {
        this.clock = clock;
      }
      return this;
    }

    /** Only report what it would do; never write. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Told of every action, as it is returned. */
    public Builder listener(Consumer<GuardAction> listener) {
      if (listener != null) {
        this.listener = listener;
      }
      return this;
    }

    /**
     * Checks the inputs, reads the environment's triggers, and returns the guard. Refuses a missing
     * model, an environment {@code registry.yaml} does not declare, and (unless a dry run) a
     * missing or unreadable key.
     */
    public RollbackGuard build() {
      ModelName m = Registry.requireModel(model);
      if (!dryRun) {
        if (signingKey == null) {
          throw Registry.required(
              Input.SIGNING_KEY, "to sign the guard's rollbacks (the service's own key)");
        }
        if (!Files.isRegularFile(signingKey) || !Files.isReadable(signingKey)) {
          throw new InvalidInputException(
              Input.SIGNING_KEY,
              "The guard's signing key "
                  + signingKey
                  + " is not a readable file: give the SSH private key the service signs its"
                  + " rollbacks with.");
        }
      }
      Registry r = registry != null ? registry : Registry.open(url, options).withClock(clock);
      try {
        if (!dryRun) {
          requireMayRollBack(r, signingKey);
        }
        return new RollbackGuard(this, m.value(), r, registry == null, triggersOf(r, environment));
      } catch (RuntimeException e) {
        if (registry == null) {
          r.close();
        }
        throw e;
      }
    }
  }

  /**
   * Refuses, when the service starts rather than at its first incident, a key the registry does not
   * trust to roll back: an untrusted key would make every automatic rollback fail.
   */
  private static void requireMayRollBack(Registry r, Path key) {
    try (dev.modelregistry.git.internal.Snapshot s =
        dev.modelregistry.git.internal.Snapshot.take(r.context())) {
      dev.modelregistry.git.internal.SigningIdentity.resolve(
          r.context(),
          r.signer(key),
          s.signersNow(),
          "The guard's automatic rollback",
          dev.modelregistry.model.SignedAction.ROLLBACK);
    }
  }

  private static RollbackTriggers triggersOf(Registry r, String environment) {
    Policy policy = r.policy();
    if (!policy.environments().containsKey(environment)) {
      throw new InvalidInputException(
          Input.ENVIRONMENT,
          "Environment "
              + dev.modelregistry.model.Display.quote(environment)
              + " is not declared in registry.yaml; declared: "
              + String.join(", ", policy.environments().keySet())
              + ".");
    }
    return policy.environment(environment).rollbackTriggers();
  }

  /**
   * The triggers the guard judges by: read again whenever the service loads a new version or
   * reports a load failure, and before every rollback.
   */
  public synchronized RollbackTriggers triggers() {
    return triggers;
  }

  /** The version the service said it runs, if it said one. */
  public synchronized Optional<String> running() {
    return watch == null ? Optional.empty() : Optional.of(watch.version());
  }

  /**
   * The service now runs {@code version}: later observations are that version's, judged from
   * nothing. Telling it the version it already runs changes nothing.
   */
  public synchronized void modelLoaded(String version) {
    String v = ModelVersion.of(version).value();
    if (watch != null && watch.version().equals(v)) {
      return;
    }
    try {
      triggers = triggersOf(registry, environment);
    } catch (RegistryUnavailableException e) {
      // keep the triggers known: a guard that cannot read its policy still guards
    }
    watch = new TriggerWatch(triggers, v);
    pending = null; // a rollback still to retry was about what ran before
    // a new incident may meet a live record seen before: a rollback down the stack brings back the
    // very record of the version below, which may have been reported on earlier
    handled.clear();
  }

  /**
   * The return of the period that ended at {@code at}, earned by the version the service runs;
   * returns what the guard did if a trigger fired (or a rollback that could not reach the registry
   * was tried again).
   *
   * @throws IllegalStateException if the service has not said what it runs ({@link #modelLoaded})
   * @throws InvalidInputException for a return that is not a finite number of at least -1, or an
   *     instant before the previous observation
   */
  public synchronized Optional<GuardAction> observe(Instant at, double periodReturn) {
    if (watch == null) {
      throw new IllegalStateException(
          "The guard was given a return before the service said which version it runs: call"
              + " modelLoaded first, from the loader's callback.");
    }
    Optional<TriggerFired> fired = watch.observe(at, periodReturn);
    if (fired.isPresent()) {
      return act(fired.get());
    }
    if (pending != null && !clock.instant().isBefore(lastAttempt.plus(RETRY_AFTER))) {
      return act(pending);
    }
    return Optional.empty();
  }

  /**
   * The service could not load or verify {@code version} (a checksum mismatch, an untrusted
   * signature, its own smoke check throwing). With {@code on_load_failure: true} and {@code
   * version} what the environment runs, the guard rolls it back; otherwise it does nothing.
   *
   * @param failure what went wrong, as the loader said it; goes into the reason, on one line
   */
  public synchronized Optional<GuardAction> loadFailed(String version, String failure) {
    String v = ModelVersion.of(version).value();
    try {
      registry.refresh();
      triggers = triggersOf(registry, environment);
    } catch (RegistryUnavailableException e) {
      // judge by the triggers known; act() reports the registry unreachable
    }
    Optional<TriggerFired> fired = triggers.loadFailure(v, failure);
    return fired.isEmpty() ? Optional.empty() : act(fired.get());
  }

  /** Does what a fired trigger asks, once per live record; empty if it was acted on already. */
  private Optional<GuardAction> act(TriggerFired fired) {
    pending = null;
    lastAttempt = clock.instant();
    EnvironmentRecord live = null;
    try {
      registry.refresh();
      if (!triggersOf(registry, environment).arms(fired.trigger())) {
        return report(
            fired,
            GuardAction.Outcome.TRIGGER_OFF,
            null,
            null,
            "registry.yaml no longer arms "
                + fired.trigger().key()
                + " for "
                + environment
                + ". Nothing was written.");
      }
      Optional<EnvironmentRecord> now =
          registry.current().model(model).environment(environment).call();
      if (now.isEmpty() || !now.get().version().equals(fired.version())) {
        return report(
            fired,
            GuardAction.Outcome.NOT_LIVE,
            null,
            null,
            environment
                + " runs "
                + now.map(EnvironmentRecord::version).orElse("nothing")
                + " of "
                + model
                + ", not "
                + fired.version()
                + ". Nothing was written.");
      }
      live = now.get();
      if (!handled.add(live)) {
        return Optional.empty(); // this incident was acted on and reported
      }
      return report(fired, rollback(fired));
    } catch (NothingToRollBackException e) {
      return report(fired, GuardAction.Outcome.NOTHING_TO_ROLL_BACK_TO, null, null, e.getMessage());
    } catch (RegistryRefusedException e) {
      return report(fired, GuardAction.Outcome.REFUSED, null, null, e.getMessage());
    } catch (RegistryUnavailableException e) {
      if (live != null) {
        handled.remove(live); // the incident is still open: try again
      }
      pending = fired;
      return report(
          fired,
          GuardAction.Outcome.UNAVAILABLE,
          null,
          null,
          e.getMessage()
              + " The rollback is tried again from "
              + lastAttempt.plus(RETRY_AFTER)
              + " on.");
    }
  }

  /**
   * The rollback, naming the version to take out. If the environment moved while it was being
   * prepared, once more: naming the version, the second attempt writes nothing if it is out.
   */
  private Rollback rollback(TriggerFired fired) {
    try {
      return rollbackCommand(fired).call();
    } catch (ConcurrentChangeException moved) {
      return rollbackCommand(fired).call();
    }
  }

  private RollbackCommand rollbackCommand(TriggerFired fired) {
    RollbackCommand c =
        registry
            .rollback()
            .model(model)
            .environment(environment)
            .version(fired.version())
            .reason(fired.reason())
            .dryRun(dryRun);
    if (signingKey != null) {
      c.signingKey(signingKey);
    }
    return c;
  }

  private Optional<GuardAction> report(TriggerFired fired, Rollback r) {
    if (r.alreadyOut()) {
      return report(
          fired,
          GuardAction.Outcome.ALREADY_OUT,
          null,
          r.takenOutBy(),
          fired.version()
              + " no longer runs: commit "
              + r.takenOutBy()
              + " took it out, and "
              + environment
              + " runs "
              + r.to().version()
              + ". Nothing was written.");
    }
    if (r.dryRun()) {
      return report(fired, GuardAction.Outcome.WOULD_ROLL_BACK, r.to().version(), null, null);
    }
    return report(fired, GuardAction.Outcome.ROLLED_BACK, r.to().version(), r.commit(), null);
  }

  private Optional<GuardAction> report(
      TriggerFired fired,
      GuardAction.Outcome outcome,
      String rolledBackTo,
      String commit,
      String detail) {
    GuardAction a =
        new GuardAction(
            outcome,
            model,
            environment,
            fired.trigger(),
            fired.version(),
            fired.reason(),
            rolledBackTo,
            commit,
            detail,
            clock.instant());
    listener.accept(a);
    return Optional.of(a);
  }

  /** Closes the registry if the guard opened it. */
  @Override
  public synchronized void close() {
    if (ownsRegistry) {
      registry.close();
    }
  }
}
