package dev.modelregistry.git;

import dev.modelregistry.git.internal.CasRetry;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces {@code registry.yaml} on branch main by one signed commit: gates, environments and their
 * rollback triggers, approvals, retention, store and backups, without a Git checkout and {@code git
 * commit -S}. The new policy is read as every reader reads it (a malformed or unsafe one is refused
 * before anything is written) and signed by a key with full rights in the policy it replaces, the
 * same rule as for a change made with plain Git; where the policy requires approvals of its own
 * changes, the change waits for them like any other.
 *
 * <p>Signers and their roles are not changed here: {@link TrustCommand} does that, one signer per
 * commit, named in it, so that every widening of trust stands out in the history.
 */
public final class PolicyCommand extends RegistryCommand<PolicyCommand.Changed> {
  private Path file;
  private String reason;

  PolicyCommand(Registry registry) {
    super(registry);
  }

  /** The new {@code registry.yaml}, whole. */
  public PolicyCommand file(Path file) {
    this.file = file;
    return this;
  }

  /** Why; recorded in the commit's message. */
  public PolicyCommand reason(String reason) {
    this.reason = reason;
    return this;
  }

  public PolicyCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /**
   * The change made.
   *
   * @param commit the signed commit on main
   * @param pendingApprovals how many approvals it needs before it is in force (0: in force now)
   */
  public record Changed(String commit, Policy policy, int pendingApprovals) {}

  @Override
  Changed run() {
    if (file == null) {
      throw Registry.required(Input.POLICY, "to change the policy");
    }
    if (reason == null || reason.isBlank()) {
      throw Registry.required(
          Input.REASON, "to change the policy: it is recorded for the audit trail");
    }
    Policy next = read(file);
    return registry.write(
        () -> {
          try (RegistryLock lock = registry.lock()) {
            return CasRetry.onFreshSnapshots(
                registry.context(), "main", "changing the policy", s -> attempt(s, next));
          }
        });
  }

  private static Policy read(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > SafeMapper.MAX_DOCUMENT_BYTES) {
        throw new InvalidInputException(
            Input.POLICY,
            file + " is larger than " + (SafeMapper.MAX_DOCUMENT_BYTES >> 20) + " MiB.");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(Input.POLICY, "Cannot read " + file + ": " + e.getMessage());
    }
    return SafeMapper.read(bytes, Policy.class, file.toString(), false);
  }

  /** One attempt on a fresh snapshot; null if main moved meanwhile. */
  private Changed attempt(Snapshot s, Policy next) {
    s.requireTrustedPolicy("Changing the policy");
    Policy now = s.policy();
    if (!now.signers().equals(next.signers()) || !now.roles().equals(next.roles())) {
      throw new RegistryRefusedException(
          "Changing the policy refused: "
              + file
              + " lists other signers or roles than registry.yaml does now. Change signers and"
              + " roles with trust (one signer per signed commit), and copy them unchanged into"
              + " the new policy. Nothing was written.");
    }
    if (!now.formatVersion().equals(next.formatVersion())) {
      throw new RegistryRefusedException(
          "Changing the policy refused: "
              + file
              + " is of format version "
              + next.formatVersion()
              + ", the registry of "
              + now.formatVersion()
              + ". Nothing was written.");
    }
    String yaml = SafeMapper.writeYaml(next);
    if (yaml.equals(SafeMapper.writeYaml(now))) {
      throw new RegistryRefusedException(
          "The policy in " + file + " is the one in force; nothing written.");
    }
    String subject = "Change the policy";
    SigningIdentity who =
        SigningIdentity.resolve(
            registry.context(), signer(), s.signersNow(), subject, SignedAction.CHANGE_POLICY);
    var id =
        s.commitMain(
            new TreeEdit().put(RegistryFormat.POLICY_FILE, yaml),
            who,
            registry.clock().instant(),
            subject,
            reason.strip(),
            Trailers.of(Trailers.ACTION, "policy"));
    if (id == null) {
      return null; // the branch moved: run again on the new state
    }
    return new Changed(id.name(), next, now.policyChanges().requiredApprovals());
  }
}
