package dev.modelregistry.git;

import dev.modelregistry.git.internal.CasRetry;
import dev.modelregistry.git.internal.MainHistory;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Gives a registry that has no trusted signer (one that {@code register} created) its root of
 * trust: a commit on main, signed by the key it names, that makes that key the first trusted
 * signer. It is the only way a first signer comes in after creation, and it says so: the outcome
 * carries the commit and the fingerprint for consumers to pin ({@code verify} with a pinned root).
 */
public final class AdoptCommand extends RegistryCommand<AdoptCommand.Adoption> {
  private String principal;

  AdoptCommand(Registry registry) {
    super(registry);
  }

  /** The first signer's identity, usually an email address. */
  public AdoptCommand principal(String principal) {
    this.principal = principal;
    return this;
  }

  /** The key that becomes the root of trust, and signs the adoption. */
  public AdoptCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /**
   * The adoption commit (the root of trust to pin), and the first signer with its key's
   * fingerprint.
   */
  public record Adoption(String commit, String principal, String fingerprint) {}

  @Override
  Adoption run() {
    if (signer() == null) {
      throw Registry.required(
          Input.SIGNING_KEY,
          "to adopt a registry: it signs the adoption and becomes its root of trust");
    }
    if (principal == null || principal.isBlank()) {
      throw Registry.required(Input.PRINCIPAL, "to adopt a registry: the first signer's identity");
    }
    String line = TrustedSigners.line(principal, signer().publicKey());
    return registry.write(
        () -> {
          try (RegistryLock lock = registry.lock()) {
            return CasRetry.onFreshSnapshots(
                registry.context(),
                "main",
                "adopting the registry",
                s -> adopt(s, line)); // null: the branch moved, run again
          }
        });
  }

  private Adoption adopt(Snapshot s, String line) {
    String what = "Adopting " + registry.location() + " with " + principal + "'s key";
    s.requireTrustedPolicy(what);
    if (!s.signersNow().lines().isEmpty()) {
      throw new RegistryRefusedException(
          what
              + " refused: it already has a root of trust (trusted: "
              + String.join(
                  ", ", s.signersNow().lines().stream().map(TrustedSigners::principalOf).toList())
              + "). Add signers with"
              + " trust, signed by one of them. Nothing was written.");
    }
    TrustedSigners root = new TrustedSigners(List.of(line));
    SigningIdentity who = SigningIdentity.resolve(registry.context(), signer(), root, what);
    String fingerprint = signer().fingerprint();
    Instant now = registry.clock().instant();
    TreeEdit edit =
        new TreeEdit()
            .put(
                RegistryFormat.POLICY_FILE,
                SafeMapper.writeYaml(s.policy().withSigners(List.of(line))));
    Trailers t =
        Trailers.of(Trailers.ACTION, MainHistory.ADOPT)
            .with("Registry-Principal", principal)
            .with("Registry-Root", fingerprint);
    ObjectId id =
        s.commitMain(
            edit,
            who,
            now,
            "Adopt the registry: " + principal + " (" + fingerprint + ") is its root of trust",
            "From this commit on, every change of registry.yaml is signed by a trusted signer. Pin this root in verify: the"
                + " commit id, or "
                + fingerprint
                + ".",
            t);
    return id == null ? null : new Adoption(id.name(), principal, fingerprint);
  }
}
