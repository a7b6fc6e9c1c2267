package dev.modelregistry.git.internal;

import dev.modelregistry.model.RefLockFile;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lock files of Git's ref storage: {@code refs/.../<name>.lock} beside a loose ref, {@code
 * packed-refs.lock} and {@code HEAD.lock}. Git and JGit create one to change a ref and rename it
 * over the ref when done; a writer killed in between leaves it, and from then on every change of
 * that ref fails as if someone else held it. This class finds them, tells a stale one from a writer
 * at work by its age, and removes stale ones, only while the registry lock is held (so no writer of
 * ours is at work).
 */
public final class RefLocks {
  /**
   * The age from which a ref lock file is taken for one left by a dead writer. A ref update holds
   * its lock while it writes 41 bytes and renames a file; rewriting packed-refs for 100k refs takes
   * well under a second; git itself gives up waiting for a ref lock after 100 ms and for
   * packed-refs after 1 s (core.filesRefLockTimeout, core.packedRefsTimeout). Half a minute is far
   * beyond any live writer, our own or a person's {@code git push}, even on a slow network file
   * system, and short enough that an emergency rollback after a crash is blocked for a moment only.
   */
  public static final Duration STALE_AFTER = Duration.ofSeconds(30);

  /** How long a write waits for a younger lock file to go before it says which file blocks. */
  public static final Duration PATIENCE = Duration.ofSeconds(2);

  private static final String SUFFIX = ".lock";

  private RefLocks() {}

  /**
   * A lock file found in a repository.
   *
   * @param name its path relative to the Git directory ({@code refs/heads/production.lock})
   * @param file its absolute path
   * @param since its modification time: when its writer created or last wrote it
   */
  public record Found(String name, Path file, Instant since) {
    /**
     * The ref it locks ({@code refs/heads/production}), or the file ({@code packed-refs}, {@code
     * HEAD}).
     */
    public String locked() {
      return name.substring(0, name.length() - SUFFIX.length());
    }

    public Duration age(Instant now) {
      return Duration.between(since, now);
    }

    public boolean stale(Instant now) {
      return age(now).compareTo(STALE_AFTER) >= 0;
    }

    /** What it blocks, for people. */
    public String blocks() {
      String locked = locked();
      if (locked.startsWith("refs/heads/")) {
        return "every change of branch " + locked.substring("refs/heads/".length());
      }
      if (locked.equals("packed-refs")) {
        return "deleting branches and packing refs";
      }
      return "every change of " + locked;
    }
  }

  /** Every ref lock file in the repository at {@code gitDir}, nested ones included. */
  public static List<Found> present(Path gitDir) {
    List<Found> out = new ArrayList<>();
    for (String top : List.of("packed-refs.lock", "HEAD.lock")) {
      found(gitDir, gitDir.resolve(top)).ifPresent(out::add);
    }
    Path refs = gitDir.resolve("refs");
    if (Files.isDirectory(refs)) {
      try (Stream<Path> files = Files.walk(refs)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(SUFFIX))
            .forEach(f -> found(gitDir, f).ifPresent(out::add));
      } catch (IOException | UncheckedIOException e) {
        // a ref directory removed while it was listed (a branch deleted): what was found stands
      }
    }
    out.sort(java.util.Comparator.comparing(Found::name));
    return out;
  }

  /**
   * The ref lock files of the repository at {@code gitDir} as a report for people: their age by
   * this machine's clock, and what to do.
   *
   * @param ours true for a registry's own repository (or cache), whose writers remove stale ones;
   *     false for a {@code file:} remote's repository, which they push to and never repair
   */
  public static List<RefLockFile> report(Path gitDir, boolean ours) {
    Instant now = Instant.now();
    List<RefLockFile> out = new ArrayList<>();
    for (Found f : present(gitDir)) {
      String fix;
      if (!f.stale(now)) {
        fix =
            "none: a writer is probably at work and removes it within seconds; if it is still there in a minute, "
                + (ours
                    ? "the next write of the registry removes it"
                    : "check that no process is pushing to "
                        + gitDir
                        + " and rm '"
                        + f.file()
                        + "'");
      } else if (ours) {
        fix =
            "the next write of the registry removes it (older than "
                + STALE_AFTER.toSeconds()
                + " s: no writer is at work"
                + " on it); to remove it now, check that no git or registry process runs on "
                + gitDir
                + " and rm '"
                + f.file()
                + "'";
      } else {
        fix =
            "writers of this remote do not remove it (they work on clones of their own); check that no process is pushing to "
                + gitDir
                + " and rm '"
                + f.file()
                + "'";
      }
      out.add(new RefLockFile(f.file(), f.since(), f.age(now), f.stale(now), f.blocks(), fix));
    }
    return out;
  }

  /** The lock file that can block a change of {@code refName}: its own, or packed-refs'. */
  public static List<Found> blocking(Path gitDir, String refName) {
    List<Found> out = new ArrayList<>();
    found(gitDir, gitDir.resolve(refName + SUFFIX)).ifPresent(out::add);
    found(gitDir, gitDir.resolve("packed-refs" + SUFFIX)).ifPresent(out::add);
    return out;
  }

  private static Optional<Found> found(Path gitDir, Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      Instant since = Files.getLastModifiedTime(file).toInstant();
      return Optional.of(
          new Found(gitDir.relativize(file).toString().replace('\\', '/'), file, since));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // its writer finished meanwhile
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes every stale ref lock file of the repository at {@code gitDir}, whose registry lock the
   * caller holds ({@code held}), and records each removal there.
   */
  public static void removeStale(Path gitDir, RegistryLock held) {
    List<Found> found = present(gitDir);
    if (!found.isEmpty()) {
      removeStale(found, held);
    }
  }

  /** Removes those of {@code found} that are stale; returns how many it removed. */
  private static int removeStale(List<Found> found, RegistryLock held) {
    Instant now;
    try {
      now = held.fileSystemNow();
    } catch (IOException e) {
      return 0; // without the file system's time nothing is judged stale; a blocked write says so
    }
    int removed = 0;
    for (Found f : found) {
      if (f.stale(now)) {
        try {
          if (Files.deleteIfExists(f.file())) {
            removed++;
            held.repaired(
                "removed stale lock "
                    + f.name()
                    + " (left since "
                    + f.since().truncatedTo(ChronoUnit.SECONDS)
                    + " by a writer that did not finish; "
                    + span(f.age(now))
                    + " old)");
          }
        } catch (IOException e) {
          throw new RegistryUnavailableException(
              "Cannot remove the stale lock file "
                  + f.file()
                  + " (left since "
                  + f.since()
                  + "): "
                  + e.getMessage()
                  + ". Remove it by hand (rm '"
                  + f.file()
                  + "'), then run the goal again.",
              e);
        }
      }
    }
    return removed;
  }

  /**
   * After a ref update of {@code refName} failed for a lock although the ref had not moved: removes
   * a stale lock file if the caller holds the registry lock, or waits a moment while the lock is
   * younger, and returns for the update to be tried again; past {@code deadlineNanos} it throws,
   * saying which file blocks and what to do.
   */
  public static void clearOrWait(Path gitDir, String refName, long deadlineNanos) {
    List<Found> blocking = blocking(gitDir, refName);
    if (blocking.isEmpty()) {
      if (System.nanoTime() > deadlineNanos) {
        throw blocked(gitDir, refName);
      }
      return; // the other writer finished between its lock and our look: try again
    }
    try (RegistryLock held = RegistryLock.ifHeldByCurrentThread(gitDir).orElse(null)) {
      if (held != null && removeStale(blocking, held) > 0) {
        return;
      }
    }
    if (System.nanoTime() > deadlineNanos) {
      throw blocked(refName, blocking.get(0));
    }
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException(
          "Interrupted while waiting for " + blocking.get(0).file() + " to go", e);
    }
  }

  /** A duration for people: 12 s, 5 min, 3 h 5 min, 4 days. */
  public static String span(Duration d) {
    return RefLockFile.span(d);
  }

  /**
   * The error for a ref of the repository at {@code gitDir} that could not be changed for a lock.
   */
  public static RegistryUnavailableException blocked(Path gitDir, String refName) {
    List<Found> blocking = blocking(gitDir, refName);
    if (blocking.isEmpty()) {
      return new RegistryUnavailableException(
          "The ref "
              + refName
              + " in "
              + gitDir
              + " could not be locked. Check that"
              + " the directory is writable and the disk not full, then run the goal again.");
    }
    return blocked(refName, blocking.get(0));
  }

  private static RegistryUnavailableException blocked(String refName, Found lock) {
    Duration age = lock.age(Instant.now());
    return new RegistryUnavailableException(
        "The ref "
            + refName
            + " cannot be changed: the lock file "
            + lock.file()
            + " is in the way (created "
            + span(age)
            + " ago, waited "
            + PATIENCE.toSeconds()
            + " s for it to go). Another program is changing it now, or one was killed while doing so."
            + " Nothing was written. If a git or registry process is still at work on this repository, let it finish and run"
            + " the goal again; a lock file older than "
            + STALE_AFTER.toSeconds()
            + " s is removed by the next registry write,"
            + " so running the goal again in a minute also works. To remove it at once, make sure no such process runs and"
            + " delete it: rm '"
            + lock.file()
            + "'");
  }
}
