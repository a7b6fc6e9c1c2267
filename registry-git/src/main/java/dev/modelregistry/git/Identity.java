package dev.modelregistry.git;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.UserConfig;

/** Who writes a commit: git's {@code user.name}/{@code user.email}, or the system user. */
final class Identity {
  private Identity() {}

  static PersonIdent fromGitConfig(Repository repo) {
    UserConfig user = repo.getConfig().get(UserConfig.KEY);
    String name = user.isCommitterNameImplicit() ? System.getProperty("user.name", "registry") : user.getCommitterName();
    String email = user.isCommitterEmailImplicit() ? name + "@" + host() : user.getCommitterEmail();
    return new PersonIdent(name, email);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
