package dev.modelregistry.git;

import dev.modelregistry.model.EnvironmentRecord;

/**
 * The outcome of {@code rollback}: what the environment ran, what it runs now (or would, in a dry
 * run), and which promotion was undone.
 *
 * @param commit the signed rollback commit; null in a dry run, or when nothing was to be done
 * @param reverted the promotion undone, for a rollback down the stack; null for a named target
 * @param takenOutBy when the version to take out no longer ran: the commit that took it out, and
 *     nothing was written ({@code from} and {@code to} are then both what runs now)
 */
public record Rollback(
    String environment, EnvironmentRecord from, EnvironmentRecord to, String commit, String reverted, boolean dryRun,
    String takenOutBy) {

  /** A rollback that wrote, or would write, a commit. */
  public Rollback(String environment, EnvironmentRecord from, EnvironmentRecord to, String commit, String reverted, boolean dryRun) {
    this(environment, from, to, commit, reverted, dryRun, null);
  }

  /** True if the version to take out was already out, so nothing was written. */
  public boolean alreadyOut() {
    return takenOutBy != null;
  }
}
