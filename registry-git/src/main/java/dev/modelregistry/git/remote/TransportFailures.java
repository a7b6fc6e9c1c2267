package dev.modelregistry.git.remote;

import dev.modelregistry.model.RegistryUnavailableException;
import org.eclipse.jgit.transport.URIish;

/**
 * What a fetch or a push that failed in the transport says to a person: an SSH host whose key is
 * not known, a refused login with what was tried, or a remote that cannot be reached. In one place
 * so that a fetch and a push that fail the same way say the same thing, and name the same way out.
 */
final class TransportFailures {
  private final URIish uri;
  private final String display;
  private final RemoteLogin login;

  TransportFailures(URIish uri, String display, RemoteLogin login) {
    this.uri = uri;
    this.display = display;
    this.login = login;
  }

  /** The failure to {@code what} ("fetch from", "push to") the remote, as {@code e} tells it. */
  RegistryUnavailableException transport(String what, Exception e) {
    String m = String.valueOf(e.getMessage());
    if (login.ssh() && (m.contains("Accept and store this key") || m.contains("known_hosts"))) {
      // JGit asks whether to accept an unknown host key; nobody may answer that for the user (as
      // git's StrictHostKeyChecking)
      String host = uri.getHost();
      String keyscan =
          "ssh-keyscan "
              + (uri.getPort() > 0 && uri.getPort() != 22 ? "-p " + uri.getPort() + " " : "")
              + host;
      return new RegistryUnavailableException(
          "The SSH host "
              + host
              + (uri.getPort() > 0 ? " (port " + uri.getPort() + ")" : "")
              + " of "
              + display
              + " is not in ~/.ssh/known_hosts, so its key cannot be checked; nothing was sent. Check the"
              + " host's key fingerprint with its administrator, then add it: "
              + keyscan
              + " >> ~/.ssh/known_hosts",
          e);
    }
    if (RemoteLogin.authenticationRefused(e)) {
      return new RegistryUnavailableException(
          "Authentication to "
              + display
              + " was refused when trying to "
              + what.split(" ")[0]
              + ". Tried: "
              + login.triedCredentials()
              + ". For HTTPS give a token, add the host to ~/.netrc or store the credentials"
              + " with git (git credential approve); for SSH put your key in ~/.ssh (id_ed25519 or id_rsa; keys held only by an"
              + " ssh-agent are not read) and the host in ~/.ssh/known_hosts.",
          e);
    }
    return new RegistryUnavailableException(
        "Cannot "
            + what
            + " "
            + display
            + ": "
            + firstLine(m)
            + ". The local cache is intact; try again when the remote can be reached.",
        e);
  }

  /** JGit's messages may go on with a server's whole answer: a message quotes its first line. */
  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
