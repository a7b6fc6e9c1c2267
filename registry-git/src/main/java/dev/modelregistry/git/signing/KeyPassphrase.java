package dev.modelregistry.git.signing;

import dev.modelregistry.model.InvalidInputException;
import java.nio.file.Path;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.session.SessionContext;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * The passphrase of a protected SSH signing key, asked for only when the key turns out to be
 * protected: given by the caller, or read from {@code REGISTRY_SIGNING_KEY_PASSPHRASE}, or typed at
 * the terminal (not echoed) when there is one. Keys held only by an ssh-agent cannot be used (see
 * README), so an on-call engineer whose key has a passphrase types it, as with {@code ssh}.
 *
 * <p>Read once and kept for the signer's life, so a goal that signs several commits asks once.
 * Never written anywhere, never in a message.
 */
public final class KeyPassphrase {
  private final PassphraseSource source;
  private char[] resolved;
  private boolean asked;
  private boolean refused;

  private KeyPassphrase(PassphraseSource source) {
    this.source = source;
  }

  /** The passphrase {@code passphrase}. */
  public static KeyPassphrase of(char[] passphrase) {
    return new KeyPassphrase(PassphraseSource.of(passphrase));
  }

  /** Asked of {@code source} when the key turns out to be protected. */
  public static KeyPassphrase from(PassphraseSource source) {
    return new KeyPassphrase(source);
  }

  /** True if a passphrase was tried and the key did not open with it. */
  public synchronized boolean wasRefused() {
    return refused;
  }

  /** How a person gives the passphrase, for a refusal. */
  public String howToGive() {
    return source.howToGive(PassphraseSource.Purpose.SIGNING);
  }

  public synchronized char[] get(Path key) {
    if (resolved == null) {
      asked = true;
      resolved =
          source
              .passphrase(key, PassphraseSource.Purpose.SIGNING)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "Signing key "
                              + key
                              + " is protected by a passphrase, and none was given: "
                              + source.howToGive(PassphraseSource.Purpose.SIGNING)
                              + "."));
    }
    return resolved.clone();
  }

  /** For MINA's key parser: one try, no retries with the same answer. */
  public FilePasswordProvider forMina(Path key) {
    return new FilePasswordProvider() {
      @Override
      public String getPassword(SessionContext session, NamedResource resource, int retryIndex) {
        return new String(get(key));
      }

      @Override
      public ResourceDecodeResult handleDecodeAttemptResult(
          SessionContext session,
          NamedResource resource,
          int retryIndex,
          String password,
          Exception err) {
        if (err != null) {
          synchronized (KeyPassphrase.this) {
            refused = asked;
          }
        }
        return err == null ? ResourceDecodeResult.IGNORE : ResourceDecodeResult.TERMINATE;
      }
    };
  }

  /**
   * For JGit's SSH signer, which asks its credentials provider for a protected key's passphrase.
   */
  public CredentialsProvider forJGit(Path key) {
    return new PassphraseCredentials() {
      @Override
      public char[] passphrase(String prompt) {
        return KeyPassphrase.this.get(key);
      }
    };
  }
}
