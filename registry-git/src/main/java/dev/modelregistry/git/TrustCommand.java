package dev.modelregistry.git;

import dev.modelregistry.git.internal.CasRetry;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds or removes a trusted signer: a commit on main that changes {@code signers:} in {@code
 * registry.yaml}, signed by a key trusted before the change. A registry that has no signer yet has
 * no root of trust, and an ordinary trust change cannot give it one: that is an explicit adoption
 * ({@link AdoptCommand}), which prints the key to pin.
 */
public final class TrustCommand
    extends RegistryCommand<dev.modelregistry.git.signing.TrustedSigners> {
  private String principal;
  private String publicKey;
  private boolean remove;

  TrustCommand(Registry registry) {
    super(registry);
  }

  /** The signer's identity, usually an email address. */
  public TrustCommand principal(String principal) {
    this.principal = principal;
    return this;
  }

  /** The public key ({@code "ssh-ed25519 AAAA..."}, the content of a {@code .pub} file). */
  public TrustCommand publicKey(String publicKey) {
    this.publicKey = publicKey;
    return this;
  }

  /** Remove the signer instead of adding it. */
  public TrustCommand remove(boolean remove) {
    this.remove = remove;
    return this;
  }

  public TrustCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /** Returns the signers trusted after the change. */
  @Override
  TrustedSigners run() {
    if (principal == null || principal.isBlank()) {
      throw Registry.required(Input.PRINCIPAL, "to trust a signer");
    }
    if (!remove && (publicKey == null || publicKey.isBlank())) {
      throw Registry.required(Input.PUBLIC_KEY, "to trust a signer");
    }
    return registry.write(this::change);
  }

  private TrustedSigners change() {
    try (RegistryLock lock = registry.lock()) {
      return CasRetry.onFreshSnapshots(
          registry.context(),
          "main",
          (remove ? "removing " : "trusting ") + principal,
          s -> {
            s.requireTrustedPolicy((remove ? "Removing " : "Trusting ") + principal);
            TrustedSigners before = s.signersNow();
            if (before.lines().isEmpty()) {
              throw new RegistryRefusedException(
                  "Trusting "
                      + principal
                      + " refused: this registry has no trusted signer yet,"
                      + " so it has no root of trust, and an ordinary trust change cannot give it one (whoever ran it first would"
                      + " own the registry silently). Adopt it explicitly: init with your signing key on this registry writes the"
                      + " first trusted signer in a commit signed by that key and prints the fingerprint to pin in verify."
                      + " Nothing was written.");
            }
            List<String> lines = new ArrayList<>(before.lines());
            String subject;
            if (remove) {
              boolean removed =
                  lines.removeIf(
                      l ->
                          TrustedSigners.principalOf(l).equals(principal)
                              && (publicKey == null
                                  || publicKey.isBlank()
                                  || TrustedSigners.keyOf(l)
                                      .equals(SshKeys.normalizePublicKey(publicKey))));
              if (!removed) {
                throw new RegistryRefusedException(
                    principal + " is not a trusted signer; nothing to remove.");
              }
              if (lines.isEmpty()) {
                throw new RegistryRefusedException(
                    "Removing "
                        + principal
                        + " would leave no trusted signer(), and then nobody"
                        + " could promote or roll back. Add the replacement signer first.");
              }
              subject = "Stop trusting " + principal;
            } else {
              String line = TrustedSigners.line(principal, publicKey);
              if (lines.contains(line)) {
                throw new RegistryRefusedException(
                    principal + " is already trusted with that key; nothing written.");
              }
              lines.add(line);
              subject =
                  "Trust "
                      + principal
                      + " ("
                      + SshKeys.fingerprint(TrustedSigners.keyOf(line))
                      + ")";
            }
            TrustedSigners after = new TrustedSigners(lines);
            SigningIdentity who =
                SigningIdentity.resolve(
                    registry.context(),
                    signer(),
                    before,
                    subject); // trust flows from what was trusted
            Policy next = s.policy().withSigners(lines);
            Instant now = registry.clock().instant();
            var id =
                s.commitMain(
                    new TreeEdit().put(RegistryFormat.POLICY_FILE, SafeMapper.writeYaml(next)),
                    who,
                    now,
                    subject,
                    null,
                    Trailers.of(Trailers.ACTION, remove ? "untrust" : "trust")
                        .with("Registry-Principal", principal));
            if (id != null) {
              return after;
            }
            return null; // the branch moved: run again on the new state
          });
    }
  }
}
