package dev.modelregistry.git;

import java.nio.file.Path;

/**
 * A clone of a registry worked on with the git command line, as a person tampering by hand would.
 */
final class GitWorkTree {
  private final Path dir;

  private GitWorkTree(Path dir) {
    this.dir = dir;
  }

  /** Clones {@code registry} into {@code dir}. */
  static GitWorkTree clone(Path registry, Path dir) {
    TestRegistry.run(dir.getParent(), "git", "clone", "-q", registry.toString(), dir.toString());
    return new GitWorkTree(dir);
  }

  Path dir() {
    return dir;
  }

  /**
   * Runs git in the clone as ops@example.com (a committer name that proves nothing without a
   * signature).
   */
  String git(String... args) {
    String[] cmd = new String[args.length + 5];
    System.arraycopy(
        new String[] {"git", "-c", "user.name=Someone", "-c", "user.email=ops@example.com"},
        0,
        cmd,
        0,
        5);
    System.arraycopy(args, 0, cmd, 5, args.length);
    return TestRegistry.run(dir, cmd);
  }
}
