package dev.modelregistry.git;

import dev.modelregistry.model.EnvironmentRecord;
import java.util.List;

/**
 * The outcome of {@code rollback}: what the environment ran, what it runs now (or would, in a dry
 * run), and which promotion was undone.
 *
 * @param commit the signed rollback commit; null in a dry run, or when nothing was to be done
 * @param reverted the promotion undone, for a rollback down the stack; null for a named target
 * @param takenOutBy when the version to take out no longer ran: the commit that took it out, and
 *     nothing was written ({@code from} and {@code to} are then both what runs now)
 * @param repairs what was repaired on the way, for people to read (a stale lock file that a killed
 *     writer left, removed)
 */
public record Rollback(
    String environment,
    EnvironmentRecord from,
    EnvironmentRecord to,
    String commit,
    String reverted,
    boolean dryRun,
    String takenOutBy,
    List<String> repairs) {

  public Rollback {
    repairs = repairs == null ? List.of() : List.copyOf(repairs);
  }

  /** True if the version to take out was already out, so nothing was written. */
  public boolean alreadyOut() {
    return takenOutBy != null;
  }
}
