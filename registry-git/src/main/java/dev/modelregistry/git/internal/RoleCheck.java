package dev.modelregistry.git.internal;

import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.SignedAction;
import dev.modelregistry.model.SignerRole;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * What a signer limited by a role ({@code roles:} in {@code registry.yaml}) may sign on an
 * environment branch: a rollback down the promotion stack, never a promotion or an approval. The
 * stack is the one {@code rollback} walks ({@link EnvironmentBranch#rollbackTargets}), so a
 * rollback-only key can bring back only a version that ran in the environment before, never put a
 * new one live. Signers with full rights are not judged here.
 */
public final class RoleCheck {
  private RoleCheck() {}

  /**
   * Null if {@code principal} may sign a commit with trailers {@code t} on an environment branch
   * whose state before it was {@code before}; else what is wrong, for a finding or a refusal that
   * names the commit.
   *
   * @param approval true if {@code c} is an approval of a promotion
   */
  public static String onEnvironment(
      TrustedSigners signers,
      String principal,
      Trailers t,
      boolean approval,
      EnvironmentBranch before) {
    Set<SignerRole> roles = signers.rolesOf(principal);
    if (roles.isEmpty()) {
      return null;
    }
    String action = t.get(Trailers.ACTION);
    SignedAction act =
        approval
            ? SignedAction.APPROVE
            : "promote".equals(action)
                ? SignedAction.PROMOTE
                : "rollback".equals(action) ? SignedAction.ROLLBACK : null;
    if (act == null) {
      return "is a change ('" + action + "') signed by " + limited(principal, roles);
    }
    if (!SignerRole.allow(roles, act)) {
      return "is "
          + (approval ? "an approval" : act == SignedAction.PROMOTE ? "a promotion" : "a rollback")
          + " signed by "
          + limited(principal, roles);
    }
    if (act != SignedAction.ROLLBACK) {
      return null;
    }
    ModelName model;
    ModelVersion version;
    try {
      model = ModelName.of(t.get(Trailers.MODEL));
      version = ModelVersion.of(t.get(Trailers.VERSION));
    } catch (InvalidInputException e) {
      return "has no valid Registry-Model and Registry-Version trailers";
    }
    String reverts = t.get(Trailers.REVERTS);
    if (reverts != null) {
      Optional<RevCommit> top = before.promotionOnTop(model);
      if (top.isEmpty() || !top.get().name().equals(reverts)) {
        return "is a rollback signed by "
            + limited(principal, roles)
            + ", that reverts "
            + reverts
            + (top.isEmpty()
                ? ", but nothing is on the promotion stack of " + model
                : " instead of " + top.get().name() + ", the promotion on top of the stack")
            + ": a rollback-only signer goes down the stack, one promotion at a time";
      }
      return null;
    }
    String refused = targetProblem(before, model, version);
    return refused == null
        ? null
        : "is a rollback to "
            + model
            + " "
            + version
            + " signed by "
            + limited(principal, roles)
            + ": "
            + refused;
  }

  /**
   * Null if a rollback-only signer may take {@code model} to {@code version} from the state {@code
   * before}: the version is below on the promotion stack (it ran there before and a rollback down
   * the stack would reach it); else why not, naming the versions it may go to.
   */
  public static String targetProblem(
      EnvironmentBranch before, ModelName model, ModelVersion version) {
    List<ModelVersion> below =
        before == null || before.tip() == null
            ? List.of()
            : before.rollbackTargets(model, Integer.MAX_VALUE);
    if (below.contains(version)) {
      return null;
    }
    return version
        + " is not below on the promotion stack of "
        + model
        + " in "
        + (before == null ? "the environment" : before.environment())
        + " ("
        + (below.isEmpty()
            ? "nothing is below"
            : "below: " + below.stream().map(ModelVersion::value).collect(Collectors.joining(", ")))
        + "): a rollback-only signer may bring back only a version that ran there before";
  }

  /** {@code "svc@example.com, whose role is rollback only (may ...)"}. */
  public static String limited(String principal, Set<SignerRole> roles) {
    return principal + ", whose role is " + SignerRole.describe(roles);
  }
}
