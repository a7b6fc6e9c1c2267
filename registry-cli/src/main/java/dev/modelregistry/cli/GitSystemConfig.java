package dev.modelregistry.cli;

import java.io.File;
import java.util.Map;
import org.eclipse.jgit.util.FS;

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
}
