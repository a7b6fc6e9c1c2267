package dev.modelregistry.git;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A lock file of Git's ref storage found in a registry's repository ({@code refs/heads/production.lock},
 * {@code packed-refs.lock}): a writer at work, or one that was killed mid-update and left it, in
 * which case it blocks every change of that ref until it is removed.
 *
 * @param file its path
 * @param since when it was created (its modification time)
 * @param age how old it was when found
 * @param stale true if it is older than any ref update takes, so no writer is at work on it
 * @param blocks what it blocks, for people
 * @param fix what to do about it
 */
public record RefLockFile(Path file, Instant since, Duration age, boolean stale, String blocks, String fix) {
  @Override
  public String toString() {
    return file + " (since " + since.truncatedTo(ChronoUnit.SECONDS) + ", " + RefLocks.span(age) + " old"
        + (stale ? "" : ", a writer may be at work") + "): blocks " + blocks + ". Fix: " + fix;
  }
}
