package dev.modelregistry.cli;

import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.errors.NoRegistryException;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;

/**
 * The library's messages in the command's own syntax: the option a refused input came in as, and
 * the command that fixes the situation. The library names inputs in words ({@link Input}); only
 * this class knows they are {@code --model} and {@code --url} here.
 */
final class CliWording {
  private CliWording() {}

  /** The option an input is given as. */
  static String option(Input input) {
    return switch (input) {
      case URL -> "--url";
      case MODEL -> "--model";
      case VERSION -> "--version";
      case ARTIFACT -> "--artifact";
      case METADATA -> "--metadata";
      case ENVIRONMENT -> "--environment";
      case REASON -> "--reason";
      case TO -> "--to";
      case AT -> "--at";
      case SIGNING_KEY -> "--signing-key";
      case PRINCIPAL -> "--principal";
      case PUBLIC_KEY -> "--public-key";
      case DATASET_VERSIONS -> "--dataset-versions";
      case POLICY_CHANGE -> "--policy-change";
      case ROOT -> "--root";
      case OUTPUT -> "--output";
      case FORMAT -> "--json";
      case FROM -> "--from";
      case ROLE -> "--role";
      case POLICY -> "--file";
    };
  }

  /**
   * The whole message for an error that ends the command: what kind it was (so that a person need
   * not know the exit statuses), the library's message, and what to type next where we know it.
   */
  static String of(Throwable e, ExitStatus status) {
    String lead =
        switch (status) {
          case REFUSED, USAGE -> "refused (nothing was written): ";
          case UNAVAILABLE -> "unavailable (not a refusal; retrying later may help): ";
          case OUTCOME_UNKNOWN ->
              "outcome unknown (the change may be live; look before retrying): ";
          default -> "internal error (please report it with this message): ";
        };
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    return "registry: " + lead + Display.escapeLines(message + next(e));
  }

  private static String next(Throwable e) {
    if (e instanceof InvalidInputException invalid && invalid.input() != null) {
      return " (" + option(invalid.input()) + ")";
    }
    if (e instanceof ChecksumMismatchException
        || e instanceof dev.modelregistry.git.errors.ArtifactMissingException) {
      return "\nTo roll back first: registry rollback --url <registry> --model <model> --version <this version>"
          + " --reason \"damaged artifact\""
          + "\nTo restore the bytes from the newest backup: registry restore --url <registry> --model <model>"
          + " --version <this version> --output <backup location> --force";
    }
    if (e instanceof NoRegistryException none) {
      return "\nTo create one: registry init --url "
          + none.location()
          + " [--signing-key <your SSH key> --principal <your email>]";
    }
    return "";
  }
}
