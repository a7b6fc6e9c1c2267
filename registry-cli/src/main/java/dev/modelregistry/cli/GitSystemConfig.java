package dev.modelregistry.cli;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Tells JGit where git's system-wide configuration is, so that it does not start {@code git} twice
 * ({@code git --version}, {@code git config --system --show-origin}) to find out: two processes on
 * every command, a measurable part of a short one. The command owns its JVM, so it may set this
 * JVM-wide. Git's own rules apply: {@code GIT_CONFIG_NOSYSTEM} skips the file, {@code
 * GIT_CONFIG_SYSTEM} names it, else it is {@code /etc/gitconfig} (Debian's, Red Hat's and Alpine's
 * git).
 */
final class GitSystemConfig {
  private GitSystemConfig() {}

  static void locate(Map<String, String> env) {
    String given = env.get("GIT_CONFIG_SYSTEM");
    File file = given != null && !given.isBlank() ? new File(given) : new File("/etc/gitconfig");
    FS.DETECTED.setGitSystemConfig(file);
  }

  /**
   * Reads the user's and system's git configuration, which every repository JGit opens is based on,
   * and with it the file-system support JGit starts once per JVM (its clock of file times, its
   * clean-up thread): work of the opening of a registry that can be done before it.
   */
  static void loadUserConfig() {
    try {
      SystemReader.getInstance().getUserConfig();
    } catch (IOException | ConfigInvalidException e) {
      // the registry's opening reads it again and reports what is wrong
    }
  }
}
