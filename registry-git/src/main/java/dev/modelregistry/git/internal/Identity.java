package dev.modelregistry.git.internal;

import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.UserConfig;

/**
 * Who writes a commit: git's {@code user.name} and {@code user.email}, or where they are not set,
 * what JGit makes of the system user and host, as git does.
 */
public final class Identity {
  private Identity() {}

  public static PersonIdent fromGitConfig(Repository repo) {
    UserConfig user = repo.getConfig().get(UserConfig.KEY);
    return new PersonIdent(user.getCommitterName(), user.getCommitterEmail());
  }
}
