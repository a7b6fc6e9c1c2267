package dev.modelregistry.git;

import dev.modelregistry.model.RollbackTrigger;
import java.time.Instant;

/**
 * What a {@link RollbackGuard} did when a trigger fired, for a service to log or alert on: the
 * rollback it made, or why it wrote nothing.
 *
 * @param outcome what happened
 * @param model the model guarded
 * @param environment the environment guarded
 * @param trigger the trigger that fired
 * @param version the version it fired for: the one to take out
 * @param reason the rollback's reason, with the figures ({@code "automatic: drawdown 27.3% > 25%"})
 * @param rolledBackTo the version the environment runs after the rollback (or would, in a dry run);
 *     null when nothing was rolled back
 * @param commit the rollback commit; for {@link Outcome#ALREADY_OUT} the commit that took the
 *     version out first; else null
 * @param detail for people: why nothing was written, or null
 * @param at when the guard acted, by its clock
 */
public record GuardAction(
    Outcome outcome,
    String model,
    String environment,
    RollbackTrigger trigger,
    String version,
    String reason,
    String rolledBackTo,
    String commit,
    String detail,
    Instant at) {

  /** What the guard did about a fired trigger. */
  public enum Outcome {
    /** A signed rollback commit took the version out. */
    ROLLED_BACK,
    /** Dry run: the rollback was checked and would go to {@code rolledBackTo}; nothing written. */
    WOULD_ROLL_BACK,
    /** Someone (a person, another guard) took the version out first; nothing written. */
    ALREADY_OUT,
    /** The environment does not run the version (any more); nothing written. */
    NOT_LIVE,
    /** The version was the first one promoted: there is nothing below it; nothing written. */
    NOTHING_TO_ROLL_BACK_TO,
    /** {@code registry.yaml} no longer arms the trigger; nothing written. */
    TRIGGER_OFF,
    /**
     * The registry refused the rollback (the version to return to is failed or its artifact is
     * damaged, the key is not trusted...); nothing written.
     */
    REFUSED,
    /** The registry could not be reached; the rollback is tried again later. */
    UNAVAILABLE
  }

  /** True if this action wrote a rollback commit. */
  public boolean wrote() {
    return outcome == Outcome.ROLLED_BACK;
  }

  /** The action in one line, for a log. */
  public String summary() {
    String what = model + " " + version + " in " + environment;
    return switch (outcome) {
      case ROLLED_BACK ->
          what + " rolled back to " + rolledBackTo + " (" + reason + "), commit " + commit + ".";
      case WOULD_ROLL_BACK ->
          "Dry run: "
              + what
              + " would be rolled back to "
              + rolledBackTo
              + " ("
              + reason
              + "). Nothing was written.";
      default -> what + " not rolled back (" + reason + "): " + detail;
    };
  }
}
