package dev.modelregistry.git;

import dev.modelregistry.model.EnvironmentRecord;

/**
 * The outcome of {@code rollback}: what the environment ran, what it runs now (or would, in a dry
 * run), and which promotion was undone.
 *
 * @param commit the signed rollback commit; null in a dry run
 * @param reverted the promotion undone, for a rollback down the stack; null for a named target
 * @param repairs what was repaired on the way, for people to read (a stale lock file that a killed
 *     writer left, removed)
 */
public record Rollback(
    String environment, EnvironmentRecord from, EnvironmentRecord to, String commit, String reverted, boolean dryRun,
    java.util.List<String> repairs) {}
