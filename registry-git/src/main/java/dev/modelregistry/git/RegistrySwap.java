package dev.modelregistry.git;

import dev.modelregistry.git.internal.RegistryLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Puts a restored registry in the place of the one there: the registry there now is renamed aside
 * ({@code <name>.replaced-<time>}: restoring the wrong backup loses nothing), and the restored one
 * renamed into its place, holding the registry's lock so that no writer of ours is half-way through
 * a change.
 */
final class RegistrySwap {
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

  private RegistrySwap() {}

  /** Where the registry at {@code target} is kept once a restore at {@code now} replaces it. */
  static Path aside(Path target, Instant now) {
    return target.resolveSibling(target.getFileName() + ".replaced-" + STAMP.format(now));
  }

  /**
   * Renames the registry at {@code target} aside and {@code staging} into its place; answers where
   * the old one is now. Two renames, not one: should the second fail, the first is undone.
   */
  static Path swap(Path target, Path staging, Instant now) throws IOException {
    Path aside = aside(target, now);
    Path gitDir = RegistryAtTarget.gitDir(target);
    RegistryLock lock = null;
    try {
      if (Files.isDirectory(gitDir.resolve("objects"))) {
        lock = RegistryLock.acquire(gitDir, LOCK_TIMEOUT);
      }
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        throw e;
      }
      return aside;
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
