package dev.modelregistry.model;

import java.time.Instant;

/**
 * One change of a model in an environment: a promotion or a rollback, as {@code history} shows it.
 *
 * @param commit the environment branch's commit
 * @param at when it went live in the environment: when its commit was made or, for a promotion
 *     reviewed through approvals or a forge's merge, when the approval or merge that completed it
 *     moved the branch
 * @param action {@code promote}, {@code rollback} or {@code approve}
 * @param signer the principal of the key that signed it
 * @param reason why, as given
 * @param record the environment's record for the model after this change
 * @param reverts for a rollback down the promotion stack, the promotion it undid; else null
 */
public record HistoryEntry(
    String commit,
    Instant at,
    String action,
    String signer,
    String reason,
    EnvironmentRecord record,
    String reverts) {}
