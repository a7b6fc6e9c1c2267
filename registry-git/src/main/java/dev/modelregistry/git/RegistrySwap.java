package dev.modelregistry.git;

import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.model.AtomicFile;
import dev.modelregistry.model.Display;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Puts a restored registry in the place of the one there: the registry there now is renamed aside
 * ({@code <name>.replaced-<time>}: restoring the wrong backup loses nothing), and the restored one
 * renamed into its place, holding the registry's lock so that no writer of ours is half-way through
 * a change.
 *
 * <p>Two renames cannot be one atomic step. Before the first, a journal next to the registry
 * ({@code .<name>.swap}) names both directories; it goes once the second rename is done. A machine
 * that dies between them leaves no registry at the path but the journal, and opening the path then
 * says where both registries are instead of "there is no registry".
 */
final class RegistrySwap {
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Runs between the two renames. Only a test sets it, to stop the JVM there the way a power cut
   * would.
   */
  static volatile Runnable betweenRenames = () -> {};

  private RegistrySwap() {}

  /** Where the registry at {@code target} is kept once a restore at {@code now} replaces it. */
  static Path aside(Path target, Instant now) {
    return target.resolveSibling(target.getFileName() + ".replaced-" + STAMP.format(now));
  }

  /** The journal of a swap into {@code target}. */
  static Path journal(Path target) {
    return target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".swap");
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
      AtomicFile.writeString(
          journal(target),
          "replaced " + aside.toAbsolutePath() + "\nrestored " + staging.toAbsolutePath() + "\n");
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
      try {
        betweenRenames.run();
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(journal(target));
        throw e;
      }
      Files.deleteIfExists(journal(target));
      return aside;
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  /** Clears the journal a swap interrupted earlier left, once a restore has put a registry back. */
  static void forgetInterrupted(Path target) throws IOException {
    Files.deleteIfExists(journal(target));
  }

  /**
   * If a swap into {@code target} was interrupted between its renames (no registry there, the
   * journal present): what happened and where the two registries are.
   */
  static Optional<String> interrupted(Path target) {
    Path journal = journal(target);
    if (Files.exists(target) || !Files.isRegularFile(journal)) {
      return Optional.empty();
    }
    String replaced = "?";
    String restored = "?";
    try {
      // written by swap; anyone could have edited it, hence the escaping and the checks below
      for (String line : List.of(Files.readString(journal).split("\n"))) {
        if (line.startsWith("replaced ")) {
          replaced = line.substring("replaced ".length());
        } else if (line.startsWith("restored ")) {
          restored = line.substring("restored ".length());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(
        "A restore into "
            + target
            + " stopped between its two renames (the machine or the process died): the registry"
            + " it was replacing is at "
            + Display.escape(replaced)
            + (isDirectory(restored)
                ? ", the restored registry (complete and checked) at " + Display.escape(restored)
                : "")
            + ". Run the restore again, or rename the registry you want back to "
            + target
            + " (then remove "
            + journal
            + ").");
  }

  private static boolean isDirectory(String path) {
    try {
      return Files.isDirectory(Path.of(path));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }
}
