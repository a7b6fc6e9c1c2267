package dev.modelregistry.git;

import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.errors.ConcurrentChangeException;
import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.CasRetry;
import dev.modelregistry.git.internal.EnvironmentBranch;
import dev.modelregistry.git.internal.GateCheck;
import dev.modelregistry.git.internal.Registrations;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.EnvironmentPolicy;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Promotes a version into an environment: runs every gate, then writes the environment's record as
 * one signed commit on the environment's branch. When a gate fails, or the key is not trusted,
 * nothing is written. If another writer moves the branch first, the promotion is checked again on
 * the new state (gates included) and re-signed, unless the model's record there changed meanwhile:
 * then it stops and says who put which version live, rather than replace it unseen.
 */
public final class PromoteCommand extends RegistryCommand<Promotion> {

  private String model;
  private String version;
  private String environment = Policy.PRODUCTION;
  private String reason;
  private Map<String, String> datasetVersions = Map.of();
  private Boolean strictDatasets;
  private Optional<EnvironmentRecord> aimedAt; // the model's record as the first attempt read it

  PromoteCommand(Registry registry) {
    super(registry);
  }

  public PromoteCommand model(String model) {
    this.model = model;
    return this;
  }

  public PromoteCommand version(String version) {
    this.version = version;
    return this;
  }

  /** The environment; {@code production} by default. */
  public PromoteCommand environment(String environment) {
    if (environment != null) {
      this.environment = environment;
    }
    return this;
  }

  public PromoteCommand reason(String reason) {
    this.reason = reason;
    return this;
  }

  /** The SSH private key to sign with; default: git config {@code user.signingKey}. */
  public PromoteCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /** The dataset versions in force now, for the compatibility gate. */
  public PromoteCommand datasetVersions(Map<String, String> inForce) {
    this.datasetVersions = inForce == null ? Map.of() : Map.copyOf(inForce);
    return this;
  }

  /**
   * Block (true) or only warn (false) on dataset drift; default: as the registry was opened (strict
   * unless told).
   */
  public PromoteCommand strictDatasets(Boolean strict) {
    this.strictDatasets = strict;
    return this;
  }

  @Override
  Promotion run() {
    ModelName m = Registry.requireModel(model);
    Registry.requireVersion(version);
    Promotion p = registry.writeLeasingEveryBranch(() -> promoteLocally(m));
    registry.reported(p.repairs());
    return p;
  }

  private Promotion promoteLocally(ModelName m) {
    try (RegistryLock lock = registry.lock()) {
      return CasRetry.onFreshSnapshots(
          registry.context(),
          environment,
          "promoting " + m + " " + version,
          s -> attempt(s, m, lock)); // null: the branch moved, run again
    }
  }

  private Promotion attempt(Snapshot s, ModelName m, RegistryLock lock) {
    String what = "Promotion of " + m + " " + version + " to " + environment;
    s.requireTrustedPolicy(what);
    Policy policy = s.policy();
    EnvironmentPolicy envPolicy = policy.environment(environment);
    ModelVersion v = policy.versions().parse(version);
    Registrations.Registered registered = s.registered(m, v, what);
    SigningIdentity who =
        SigningIdentity.resolve(
            registry.context(), signer(), s.signersNow(), what, SignedAction.PROMOTE);
    EnvironmentBranch branch = s.environment(environment);
    Optional<EnvironmentRecord> current = branch.current(m);
    if (current.isPresent() && current.get().version().equals(v.value())) {
      return new Promotion(
          environment,
          current.get(),
          null,
          environment,
          current.get().gates(),
          java.util.List.of(),
          true,
          0,
          lock.repairs());
    }
    // A retry (the branch moved first) aims at what the first attempt read: if the model's record
    // changed meanwhile, someone else put a version live; stop rather than replace it unseen.
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
              + current
                  .map(
                      c ->
                          c.version()
                              + " (promoted by "
                              + c.promotedBy()
                              + " at "
                              + c.promotedAt()
                              + ")")
                  .orElse("nothing")
              + ", not at "
              + aimedAt.map(EnvironmentRecord::version).orElse("nothing")
              + " as when this"
              + " promotion started. Nothing was written. Look at the model's history and promote "
              + v
              + " again if it should"
              + " still replace what runs now.");
    }
    // whole seconds, as the commit records its time: verify runs the gates again as of that time
    Instant now = registry.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ArtifactPointer pointer = s.pointer(registered);
    boolean strict = strict();
    GateCheck.Report report =
        GateCheck.run(
            envPolicy.gates(),
            new GateCheck.Inputs(
                m,
                v,
                s.metadata(registered),
                s.catalog.failure(m, v),
                () -> artifactProblem(s, m, v, pointer),
                s::environment,
                datasetVersions,
                strict,
                now));
    if (!report.passed()) {
      throw GateCheck.refusal(what, report);
    }
    EnvironmentRecord record =
        new EnvironmentRecord(
            m.value(),
            v.value(),
            pointer.sha256(),
            now,
            who.principal(),
            reason,
            report.results(),
            datasetVersions,
            envPolicy.gates().datasetCompatibility()
                ? (strict ? EnvironmentRecord.STRICT : EnvironmentRecord.LENIENT)
                : null);
    Trailers trailers =
        Trailers.of(Trailers.ACTION, "promote")
            .with(Trailers.MODEL, m.value())
            .with(Trailers.VERSION, v.value())
            .with(Trailers.SHA256, pointer.sha256().hex());
    if (reason != null && !reason.isBlank()) {
      trailers = trailers.with(Trailers.REASON, reason);
    }
    String body =
        (reason == null || reason.isBlank() ? "" : reason.strip() + "\n\n")
            + current
                .map(c -> "Replaces " + c.version() + ".\n")
                .orElse("First version of " + m + " in " + environment + ".\n")
            + "Gates:\n"
            + GateCheck.table(report.results());
    var commit =
        s.commitRecord(
            environment,
            branch.tip(),
            m,
            SafeMapper.writeYaml(record),
            who,
            now,
            "Promote " + m + " " + v + " to " + environment,
            body,
            trailers);
    int approvals = envPolicy.requiredApprovals();
    if (approvals > 0) {
      // Reviewed: the signed promotion waits on its own branch, based on the environment's tip.
      String proposal = RegistryFormat.promotionBranch(m, v);
      if (!BranchWriter.replace(
          registry.repository(),
          proposal,
          registry.tip(proposal),
          commit,
          "registry: propose " + m + " " + v)) {
        return null;
      }
      return new Promotion(
          environment,
          record,
          commit.name(),
          proposal,
          report.results(),
          report.warnings(),
          false,
          approvals,
          lock.repairs());
    }
    if (!BranchWriter.compareAndSwap(
        registry.repository(),
        environment,
        branch.tip(),
        commit,
        "registry: promote " + m + " " + v)) {
      return null;
    }
    return new Promotion(
        environment,
        record,
        commit.name(),
        environment,
        report.results(),
        report.warnings(),
        false,
        0,
        lock.repairs());
  }

  private boolean strict() {
    return strictDatasets != null ? strictDatasets : registry.options().strictDatasets();
  }

  private String artifactProblem(Snapshot s, ModelName m, ModelVersion v, ArtifactPointer pointer) {
    try {
      ValidateCommand.check(registry.storeFor(s.policy()), m, v, pointer);
      return null;
    } catch (ChecksumMismatchException e) {
      return "sha256 mismatch ("
          + (e.actual() == null ? "too long" : e.actual().abbreviated())
          + "...)";
    } catch (RegistryException e) {
      if (e instanceof RegistryUnavailableException) {
        // not a verdict on the artifact: the gate could not look, so nothing may be promoted
        throw new RegistryUnavailableException(
            "The artifact gate could not check "
                + m
                + " "
                + v
                + ", so nothing was promoted: "
                + e.getMessage(),
            e);
      }
      return e.getMessage().contains("missing")
          ? "missing from the store"
          : "unreadable: " + e.getMessage();
    }
  }
}
