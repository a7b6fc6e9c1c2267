package dev.modelregistry.model;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A lock file of Git's ref storage found in a registry's repository ({@code
 * refs/heads/production.lock}, {@code packed-refs.lock}): a writer at work, or one that was killed
 * mid-update and left it, in which case it blocks every change of that ref until it is removed.
 *
 * @param file its path
 * @param since when it was created (its modification time)
 * @param age how old it was when found
 * @param stale true if it is older than any ref update takes, so no writer is at work on it
 * @param blocks what it blocks, for people
 * @param fix what to do about it
 */
public record RefLockFile(
    Path file, Instant since, Duration age, boolean stale, String blocks, String fix) {
  @Override
  public String toString() {
    return file
        + " (since "
        + since.truncatedTo(ChronoUnit.SECONDS)
        + ", "
        + span(age)
        + " old"
        + (stale ? "" : ", a writer may be at work")
        + "): blocks "
        + blocks
        + ". Fix: "
        + fix;
  }

  /**
   * A duration as people say it: {@code 45 s}, {@code 12 min}, {@code 3 h 5 min}, {@code 4 days}.
   */
  public static String span(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    if (s < 2 * 86_400) {
      return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
    return s / 86_400 + " days";
  }
}
