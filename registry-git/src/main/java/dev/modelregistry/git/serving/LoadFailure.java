package dev.modelregistry.git.serving;

import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Sha256;
import java.time.Instant;
import java.util.Optional;

/**
 * Why the loader did not load what the environment names (or could not find out what it names). The
 * model it had stays current ({@link #kept}); it tries again at {@link #nextRetryAt}, or at once
 * when the record changes.
 *
 * @param kind what went wrong, for a program to act on
 * @param model the model followed
 * @param environment the environment followed
 * @param version the version the loader tried to load; empty when it could not read the record
 *     (unreachable, untrusted)
 * @param sha256 that version's sha256, as registered; empty with {@code version}
 * @param liveRecord true if {@code version} is what the environment's verified record names now,
 *     seen after the failure: a failure to load what is live, as opposed to a record that moved on
 *     meanwhile (which the loader loads next). What an automatic rollback on load failure counts.
 * @param kept the version the loader still serves, empty if it has none yet
 * @param message what happened and what to do, for people
 * @param cause the exception behind it (the callback's own, for {@link Kind#CALLBACK_FAILED})
 * @param attempt how many times in a row loading this record failed (1 for the first)
 * @param nextRetryAt when the loader tries again by itself; empty if it waits for the record to
 *     change (or for {@link ModelLoader#reload()})
 */
public record LoadFailure(
    Kind kind,
    ModelName model,
    String environment,
    Optional<ModelVersion> version,
    Optional<Sha256> sha256,
    boolean liveRecord,
    Optional<ModelVersion> kept,
    String message,
    Throwable cause,
    int attempt,
    Optional<Instant> nextRetryAt) {

  /** What went wrong. */
  public enum Kind {
    /** The registry could not be opened or fetched (network, a path gone, a broken repository). */
    UNREACHABLE,
    /**
     * A commit of the environment's branch is unsigned, signed by a key not trusted, or not honest
     * about what it changed: nothing is read from the branch.
     */
    UNTRUSTED,
    /** The artifact's bytes are not what its pointer names (size or sha256). */
    CHECKSUM,
    /** The artifact's bytes are not in the store at all. */
    ARTIFACT_MISSING,
    /** Strict dataset mode, and the version was trained on other dataset versions than in force. */
    DATASET,
    /** The service's callback (its smoke check) threw on the verified file. */
    CALLBACK_FAILED,
    /** The model has never been in the environment: nothing to load yet. */
    NOT_IN_ENVIRONMENT,
    /** The registry's state says no otherwise (a registration edited after the fact...). */
    REFUSED,
    /** The loader's own cache directory could not be written. */
    CACHE,
    /** A fault of the loader itself; the message names the exception. */
    UNEXPECTED
  }
}
