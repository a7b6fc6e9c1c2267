package dev.modelregistry.git.remote;

import dev.modelregistry.git.signing.PassphraseSource;
import java.util.Locale;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * How a remote is logged in to: for HTTP(S), what the front end gave ({@code REGISTRY_TOKEN} with
 * {@code REGISTRY_USERNAME}, else {@code ~/.netrc}, else git's credential helpers, {@link
 * GitCredentialHelper}); for SSH, the keys in {@code ~/.ssh}, a protected key's passphrase asked as
 * the front end says ({@link SshKeyPassphrases}). Credentials are held here only, so that they are
 * never written into the registry or a message: a refused login says what was tried, never what it
 * was.
 */
final class RemoteLogin {
  /**
   * An HTTP status 401/403 as a word of its own: not the digits of a port or a path in the
   * message's URL.
   */
  private static final java.util.regex.Pattern AUTH_STATUS =
      java.util.regex.Pattern.compile("\\b40[13]\\b");

  private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("\\S+://\\S+");

  private final URIish uri;
  private CredentialsProvider httpCredentials; // from the front end; null: none
  private String httpCredentialsTried = "no credentials";
  private SshKeyPassphrases sshPassphrases =
      new SshKeyPassphrases(PassphraseSource.none("give it to the program that runs the registry"));

  RemoteLogin(URIish uri) {
    this.uri = uri;
  }

  /** Logs in with what the front end gave (see {@link RemoteSync#loggingInWith}). */
  void loggingInWith(CredentialsProvider http, String tried, PassphraseSource passphrases) {
    this.httpCredentials = http;
    this.httpCredentialsTried = tried == null ? "no credentials" : tried;
    this.sshPassphrases = new SshKeyPassphrases(passphrases);
  }

  /** What a fetch or push logs in with. */
  CredentialsProvider credentials() {
    return ssh()
        ? sshPassphrases
        : httpCredentials; // SSH keys come from ~/.ssh; only a protected key's passphrase is asked
  }

  /** What was tried, for the message of a refused login. */
  String triedCredentials() {
    if (ssh()) {
      return "the SSH keys in ~/.ssh (for a protected key's passphrase: "
          + sshPassphrases.howToGive()
          + ")";
    }
    return httpCredentialsTried;
  }

  /** True for an {@code ssh://} URL or git's {@code user@host:path}. */
  boolean ssh() {
    return "ssh".equals(uri.getScheme()) || (uri.getScheme() == null && uri.getHost() != null);
  }

  /**
   * True if a transport's failure {@code e} says the remote refused the login (trying again will
   * not help).
   */
  static boolean authenticationRefused(Exception e) {
    // JGit's messages start with the remote's URL; a server on port 40137 must not read as "401"
    String lower =
        URL.matcher(String.valueOf(e.getMessage())).replaceAll("<url>").toLowerCase(Locale.ROOT);
    return lower.contains("not authorized")
        || lower.contains("authentication")
        || AUTH_STATUS.matcher(lower).find()
        || lower.contains("auth fail")
        || lower.contains("cannot log in");
  }
}
