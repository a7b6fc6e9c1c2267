package dev.modelregistry.git.signing;

import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.api.errors.UnsupportedSigningFormatException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signers;

/**
 * Signs registry commits with an SSH key, as {@code git commit -S} with {@code gpg.format=ssh}
 * does, so that {@code git verify-commit} accepts them. The key is an OpenSSH private key file.
 */
public final class CommitSigner {
  private final Path key;
  private final String publicKey;
  private final KeyPassphrase passphrase;

  private CommitSigner(Path key, KeyPassphrase passphrase) {
    this.key = key;
    this.passphrase = passphrase;
    this.publicKey =
        SshKeys.publicKeyOf(
            key, passphrase); // opens the key now: a wrong key or passphrase fails before any work
  }

  /** A signer using the OpenSSH private key at {@code privateKey}, which has no passphrase. */
  public static CommitSigner sshKey(Path privateKey) {
    return sshKey(privateKey, PassphraseSource.none("give its passphrase"));
  }

  /**
   * A signer using the OpenSSH private key at {@code privateKey}; a protected key's passphrase
   * comes from {@code passphrases}.
   */
  public static CommitSigner sshKey(Path privateKey, PassphraseSource passphrases) {
    return new CommitSigner(
        privateKey == null ? null : privateKey.toAbsolutePath(), KeyPassphrase.from(passphrases));
  }

  /**
   * A signer using the OpenSSH private key at {@code privateKey}, protected by {@code passphrase}.
   */
  public static CommitSigner sshKey(Path privateKey, char[] passphrase) {
    return new CommitSigner(
        privateKey == null ? null : privateKey.toAbsolutePath(), KeyPassphrase.of(passphrase));
  }

  /**
   * The signer git would use: {@code user.signingKey} with {@code gpg.format=ssh} from the
   * repository's, the user's and the system's git configuration; null if none is configured.
   */
  public static CommitSigner fromGitConfig(Repository repo, PassphraseSource passphrases) {
    GpgConfig gpg = new GpgConfig(repo.getConfig());
    String k = gpg.getSigningKey();
    if (k == null || k.isBlank()) {
      return null;
    }
    if (gpg.getKeyFormat() != GpgConfig.GpgFormat.SSH) {
      throw new InvalidInputException(
          "git config user.signingKey is set for gpg.format="
              + gpg.getKeyFormat().toConfigValue()
              + "; this registry signs with SSH keys. Give an SSH private key file as the signing key, or set git"
              + " config gpg.format ssh.");
    }
    if (k.startsWith("key::")) {
      throw new InvalidInputException(
          "git config user.signingKey is a literal public key (key::...), which needs an SSH agent; give the"
              + " private key file as the signing key instead.");
    }
    String path =
        k.startsWith("~/")
            ? org.eclipse.jgit.util.FS.DETECTED.userHome() + k.substring(1)
            : k; // as git reads it
    return sshKey(Path.of(path), passphrases);
  }

  /** {@code "ssh-ed25519 AAAA..."}: the public half, as it appears in {@code allowed_signers}. */
  public String publicKey() {
    return publicKey;
  }

  /** The key's SHA256 fingerprint, for messages. */
  public String fingerprint() {
    return SshKeys.fingerprint(publicKey);
  }

  /** Adds the signature ({@code gpgsig} header) to a commit about to be inserted. */
  public void sign(Repository repo, CommitBuilder commit, PersonIdent committer) {
    Config c = new Config();
    c.setString("gpg", null, "format", "ssh");
    c.setString("user", null, "signingKey", key.toString());
    try {
      Signers.get(GpgConfig.GpgFormat.SSH)
          .signObject(
              repo, new GpgConfig(c), commit, committer, key.toString(), passphrase.forJGit(key));
    } catch (CanceledException | UnsupportedSigningFormatException | IOException e) {
      throw new RegistryUnavailableException("Cannot sign with " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "CommitSigner[" + key + "]"; // the path only, never the key material
  }
}
