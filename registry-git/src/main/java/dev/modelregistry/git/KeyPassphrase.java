package dev.modelregistry.git;

import dev.modelregistry.model.InvalidInputException;
import java.io.Console;
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
 * <p>Read once and kept for the signer's life, so a goal that signs several commits asks once. Never
 * written anywhere, never in a message.
 */
final class KeyPassphrase {
  /** The environment variable a non-interactive build (CI) gives the passphrase in. */
  static final String ENVIRONMENT = "REGISTRY_SIGNING_KEY_PASSPHRASE";

  private final char[] given;
  private final boolean askConsole;
  private char[] resolved;
  private String source = "none";
  private boolean asked;
  private boolean refused;

  private KeyPassphrase(char[] given, boolean askConsole) {
    this.given = given == null ? null : given.clone();
    this.askConsole = askConsole;
  }

  /** The passphrase {@code passphrase}. */
  static KeyPassphrase of(char[] passphrase) {
    return new KeyPassphrase(passphrase, false);
  }

  /** From {@value #ENVIRONMENT}, else the terminal if there is one. */
  static KeyPassphrase fromEnvironmentOrConsole() {
    return new KeyPassphrase(null, true);
  }

  /** Where the passphrase came from, for messages (never the passphrase). */
  synchronized String source() {
    return source;
  }

  /** True if a passphrase was tried and the key did not open with it. */
  synchronized boolean wasRefused() {
    return refused;
  }

  synchronized char[] get(Path key) {
    if (resolved == null) {
      asked = true;
      resolved = resolve(key);
    }
    return resolved.clone();
  }

  private char[] resolve(Path key) {
    if (given != null) {
      source = "given by the caller";
      return given.clone();
    }
    String env = System.getenv(ENVIRONMENT);
    if (env != null && !env.isEmpty()) {
      source = "from " + ENVIRONMENT;
      return env.toCharArray();
    }
    Console console = askConsole ? System.console() : null;
    if (console != null) {
      char[] typed = console.readPassword("Passphrase for %s: ", key);
      if (typed != null) {
        source = "typed at the terminal";
        return typed;
      }
    }
    throw new InvalidInputException("Signing key " + key + " is protected by a passphrase, and none was given: run the goal in a"
        + " terminal to type it, or set " + ENVIRONMENT + " (for CI, from the CI's secret store).");
  }

  /** For MINA's key parser: one try, no retries with the same answer. */
  FilePasswordProvider forMina(Path key) {
    return new FilePasswordProvider() {
      @Override
      public String getPassword(SessionContext session, NamedResource resource, int retryIndex) {
        return new String(get(key));
      }

      @Override
      public ResourceDecodeResult handleDecodeAttemptResult(
          SessionContext session, NamedResource resource, int retryIndex, String password, Exception err) {
        if (err != null) {
          synchronized (KeyPassphrase.this) {
            refused = asked;
          }
        }
        return err == null ? ResourceDecodeResult.IGNORE : ResourceDecodeResult.TERMINATE;
      }
    };
  }

  /** For JGit's SSH signer, which asks its credentials provider for a protected key's passphrase. */
  CredentialsProvider forJGit(Path key) {
    return new PassphraseCredentials() {
      @Override
      char[] passphrase(String prompt) {
        return KeyPassphrase.this.get(key);
      }
    };
  }
}
