package dev.modelregistry.cli;

import dev.modelregistry.git.errors.PushOutcomeUnknownException;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;

/**
 * What the {@code registry} command's exit status tells a script. A refusal and an outage differ
 * (retrying helps only the second), and a push whose answer was lost is neither: the change may be
 * live, so the script must look before it retries.
 */
public enum ExitStatus {
  /** Done: the answer is printed, or the change is written. */
  DONE(0, "done"),
  /**
   * Refused: the input or the registry's state says no (a gate, a checksum, verify's findings);
   * nothing was written.
   */
  REFUSED(1, "refused"),
  /** Usage error: an unknown option, a missing or malformed value. */
  USAGE(2, "usage"),
  /**
   * Unavailable: the environment is broken (network, disk, a lock held); retrying later may help.
   */
  UNAVAILABLE(3, "unavailable"),
  /**
   * Outcome unknown: a push was sent and its answer lost; look (history, status) before retrying.
   */
  OUTCOME_UNKNOWN(4, "outcome_unknown"),
  /** A bug in the registry command itself; the message has the details for a report. */
  INTERNAL(5, "internal");

  private final int code;
  private final String kind;

  ExitStatus(int code, String kind) {
    this.code = code;
    this.kind = kind;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** The word for it in a JSON error document ({@code "kind": "refused"}). */
  public String kind() {
    return kind;
  }

  /** The status an exception from the library ends the command with. */
  public static ExitStatus of(Throwable e) {
    if (e instanceof MissingInputException) {
      return USAGE; // a required option was not given: the command line, not the registry, is wrong
    }
    if (e instanceof RegistryRefusedException) {
      return REFUSED;
    }
    if (e instanceof PushOutcomeUnknownException) {
      return OUTCOME_UNKNOWN;
    }
    if (e instanceof RegistryUnavailableException) {
      return UNAVAILABLE;
    }
    return INTERNAL;
  }

  /** What the status means, for {@code registry --help}. */
  String help() {
    return switch (this) {
      case DONE -> "done";
      case REFUSED ->
          "refused: the input or the registry's state says no (a gate, a checksum, verify found a problem); nothing written";
      case USAGE -> "usage error: unknown option, missing or malformed value";
      case UNAVAILABLE ->
          "unavailable: the environment is broken (network, disk, a lock); retrying later may help";
      case OUTCOME_UNKNOWN ->
          "outcome unknown: a push was sent and its answer lost; check history before retrying";
      case INTERNAL -> "internal error in the registry command";
    };
  }
}
