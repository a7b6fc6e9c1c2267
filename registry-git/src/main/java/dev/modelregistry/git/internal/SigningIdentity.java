package dev.modelregistry.git.internal;

import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SignedAction;
import dev.modelregistry.model.SignerRole;
import java.time.Instant;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A signing key together with the principal {@code registry.yaml} trusts it as. Made only for a
 * trusted key, and, where the operation says what it signs, for a key whose role allows that: an
 * operation with an untrusted key, or with a rollback-only key that would promote, is refused
 * before anything is written.
 */
public record SigningIdentity(CommitSigner signer, String principal, String name) {

  /** Resolves the key to sign with and checks it is trusted by {@code trusted}. */
  public static SigningIdentity resolve(
      RegistryContext registry, CommitSigner explicit, TrustedSigners trusted, String what) {
    CommitSigner signer =
        explicit != null
            ? explicit
            : CommitSigner.fromGitConfig(registry.repository(), registry.passphrases());
    if (signer == null) {
      throw new MissingInputException(
          Input.SIGNING_KEY,
          what
              + " refused: it must be signed, and no signing key was given. Give your SSH private key file (or set git"
              + " config user.signingKey with gpg.format=ssh).");
    }
    String principal =
        trusted
            .principalFor(signer.publicKey())
            .orElseThrow(() -> untrusted(what, signer, trusted));
    return new SigningIdentity(signer, principal, registry.identityNow().getName());
  }

  /**
   * As {@link #resolve(RegistryContext, CommitSigner, TrustedSigners, String)}, and refuses a key
   * whose principal's role does not allow {@code action}.
   */
  public static SigningIdentity resolve(
      RegistryContext registry,
      CommitSigner explicit,
      TrustedSigners trusted,
      String what,
      SignedAction action) {
    SigningIdentity who = resolve(registry, explicit, trusted, what);
    if (!trusted.may(who.principal(), action)) {
      throw new RegistryRefusedException(
          what
              + " refused: key "
              + who.signer().fingerprint()
              + " is trusted as "
              + who.principal()
              + ", whose role is "
              + SignerRole.describe(trusted.rolesOf(who.principal()))
              + "; it may not "
              + action.words()
              + ". Use a release manager's key (a trusted signer without a role). Nothing was"
              + " written.");
    }
    return who;
  }

  private static RegistryRefusedException untrusted(
      String what, CommitSigner signer, TrustedSigners trusted) {
    String list =
        trusted.lines().isEmpty()
            ? "none yet"
            : trusted.lines().stream()
                .map(
                    l ->
                        TrustedSigners.principalOf(l)
                            + " ("
                            + SshKeys.fingerprint(TrustedSigners.keyOf(l))
                            + ")")
                .collect(Collectors.joining(", "));
    return new RegistryRefusedException(
        what
            + " refused: key "
            + signer.fingerprint()
            + " is not a trusted signer of this registry. Trusted: "
            + list
            + ". Sign with a trusted key, or have a trusted signer add yours (trust, with your"
            + " .pub file as the public key and your email as the principal). Nothing was written.");
  }

  /** Author and committer of the signed commit: the committer's email is the trusted principal. */
  public PersonIdent person(Instant when) {
    return new PersonIdent(name, principal, when, java.time.ZoneOffset.UTC);
  }
}
