package dev.modelregistry.git;

import dev.modelregistry.git.errors.ConcurrentChangeException;
import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.EnvironmentBranch;
import dev.modelregistry.git.internal.GateCheck;
import dev.modelregistry.git.internal.Registrations;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.model.EnvironmentPolicy;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A reviewer's signed approval of a promotion waiting on {@code promotion/<model>/<version>}: a
 * commit that changes nothing and names the promotion it approves. The gates are checked again
 * first. Once the promotion has the approvals its policy requires, from trusted signers other than
 * the promoter, the environment's branch fast-forwards to it. A promotion prepared on an older
 * production is not merged: the promoter prepares it again on the current one.
 */
public final class ApproveCommand extends RegistryCommand<ApproveCommand.Approval> {
  private String model;
  private String version;
  private String environment = Policy.PRODUCTION;
  private Map<String, String> datasetVersions = Map.of();

  ApproveCommand(Registry registry) {
    super(registry);
  }

  public ApproveCommand model(String model) {
    this.model = model;
    return this;
  }

  public ApproveCommand version(String version) {
    this.version = version;
    return this;
  }

  public ApproveCommand environment(String environment) {
    if (environment != null) {
      this.environment = environment;
    }
    return this;
  }

  public ApproveCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /** The dataset versions in force, for the compatibility gate checked again. */
  public ApproveCommand datasetVersions(Map<String, String> inForce) {
    this.datasetVersions = inForce == null ? Map.of() : Map.copyOf(inForce);
    return this;
  }

  /**
   * The outcome.
   *
   * @param approvers every approver so far
   * @param merged true if this approval completed the review and the environment moved
   */
  public record Approval(
      ModelName model,
      ModelVersion version,
      String environment,
      String commit,
      java.util.Set<String> approvers,
      int required,
      boolean merged,
      EnvironmentRecord record) {}

  @Override
  Approval run() {
    ModelName m = Registry.requireModel(model);
    ModelVersion v = Registry.requireVersion(version);
    String proposal = RegistryFormat.promotionBranch(m, v);
    return registry.writeLeasingEveryBranch(
        () -> {
          try (RegistryLock lock = registry.lock();
              Snapshot s = Snapshot.take(registry.context())) {
            return approve(s, m, v, proposal);
          } catch (IOException e) {
            throw new RegistryUnavailableException(
                "Cannot read " + proposal + ": " + e.getMessage(), e);
          }
        });
  }

  private Approval approve(Snapshot s, ModelName m, ModelVersion v, String proposal)
      throws IOException {
    String what = "Approval of " + m + " " + v + " for " + environment;
    ObjectId proposalTip = registry.tip(proposal);
    if (proposalTip == null) {
      throw new RegistryRefusedException(
          what
              + " refused: there is no promotion waiting on branch "
              + proposal
              + ". Run promote first (with review required, it prepares the promotion there).");
    }
    s.requireTrustedPolicy(what);
    EnvironmentPolicy policy = s.policy().environment(environment);
    Registrations.Registered registered = s.registered(m, v, what);
    EnvironmentBranch env = s.environment(environment);
    s.trust.verifyBranch(environment, proposal, proposalTip, s.reader, true);
    RevWalk walk = s.walk;
    RevCommit tip = walk.parseCommit(proposalTip);
    RevCommit promotion = tip;
    TreeSet<String> approvers = new TreeSet<>();
    while ("approve".equals(Trailers.of(promotion).get(Trailers.ACTION))) {
      approvers.add(promotion.getCommitterIdent().getEmailAddress());
      promotion = walk.parseCommit(promotion.getParent(0));
    }
    Trailers pt = Trailers.of(promotion);
    if (!"promote".equals(pt.get(Trailers.ACTION)) || !v.value().equals(pt.get(Trailers.VERSION))) {
      throw new RegistryRefusedException(
          what
              + " refused: branch "
              + proposal
              + " does not hold a promotion of "
              + m
              + " "
              + v
              + ".");
    }
    RevCommit base =
        promotion.getParentCount() == 0 ? null : walk.parseCommit(promotion.getParent(0));
    RevCommit envTip = env.tip();
    if (!java.util.Objects.equals(base, envTip)) {
      throw new ConcurrentChangeException(
          what
              + " refused: "
              + environment
              + " has changed since this promotion was"
              + " prepared (prepared on "
              + (base == null ? "an empty " + environment : base.name().substring(0, 12))
              + ", "
              + environment
              + " is now at "
              + (envTip == null ? "nothing" : envTip.name().substring(0, 12))
              + "). It is not merged"
              + " blindly: the promoter runs promote again to prepare it on the current "
              + environment
              + ".");
    }
    String promoter = s.trust.cache().get(promotion.name()).principal();
    SigningIdentity who =
        SigningIdentity.resolve(
            registry.context(), signer(), s.signersNow(), what, SignedAction.APPROVE);
    if (who.principal().equals(promoter)) {
      throw new RegistryRefusedException(
          what
              + " refused: "
              + promoter
              + " prepared this promotion and cannot approve it;"
              + " another trusted signer must.");
    }
    if (approvers.contains(who.principal())) {
      throw new RegistryRefusedException(
          what
              + ": "
              + who.principal()
              + " has already approved it. Approvals so far: "
              + String.join(", ", approvers)
              + " of "
              + policy.requiredApprovals()
              + " needed.");
    }
    EnvironmentRecord record =
        SafeMapper.read(
            env.bytesAt(m, promotion).orElseThrow(),
            EnvironmentRecord.class,
            RegistryFormat.environmentRecord(environment, m),
            false);
    Instant now = registry.clock().instant();
    dev.modelregistry.model.ArtifactPointer pointer = s.pointer(registered);
    GateCheck.Report report =
        GateCheck.run(
            policy.gates(),
            new GateCheck.Inputs(
                m,
                v,
                s.metadata(registered),
                s.catalog.failure(m, v),
                () -> problem(s, m, v, pointer),
                s::environment,
                datasetVersions,
                true,
                now));
    if (!report.passed()) {
      throw GateCheck.refusal(what, report);
    }
    Trailers t =
        Trailers.of(Trailers.ACTION, "approve")
            .with(Trailers.MODEL, m.value())
            .with(Trailers.VERSION, v.value())
            .with(Trailers.APPROVES, promotion.name())
            .with(Trailers.ENVIRONMENT, environment)
            .with(Trailers.CATALOG, s.mainTip.name());
    ObjectId approval;
    try (ObjectInserter ins = registry.repository().newObjectInserter()) {
      approval =
          BranchWriter.commit(
              registry.repository(),
              who.signer(),
              ins,
              tip.getTree(),
              tip,
              who.person(now),
              t.message(
                  "Approve " + m + " " + v + " for " + environment,
                  "Gates checked again:\n" + GateCheck.table(report.results())));
    }
    approvers.add(who.principal());
    approvers.remove(promoter);
    boolean complete = approvers.size() >= policy.requiredApprovals();
    if (complete) {
      if (!BranchWriter.compareAndSwap(
          registry.repository(),
          environment,
          envTip,
          approval,
          "registry: approved " + m + " " + v)) {
        throw new ConcurrentChangeException(
            what + " stopped: " + environment + " moved meanwhile; nothing was merged.");
      }
      BranchWriter.replace(registry.repository(), proposal, proposalTip, null, "registry: merged");
    } else if (!BranchWriter.compareAndSwap(
        registry.repository(), proposal, proposalTip, approval, "registry: approve")) {
      throw new ConcurrentChangeException(
          what + " stopped: another approval landed meanwhile; run it again.");
    }
    return new Approval(
        m,
        v,
        environment,
        approval.name(),
        approvers,
        policy.requiredApprovals(),
        complete,
        record);
  }

  private String problem(
      Snapshot s, ModelName m, ModelVersion v, dev.modelregistry.model.ArtifactPointer pointer) {
    try {
      ValidateCommand.check(registry.storeFor(s.policy()), m, v, pointer);
      return null;
    } catch (RegistryRefusedException e) {
      return e.getMessage().lines().findFirst().orElse("invalid");
    }
  }
}
