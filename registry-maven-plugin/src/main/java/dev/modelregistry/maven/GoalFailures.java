package dev.modelregistry.maven;

import dev.modelregistry.git.errors.PushOutcomeUnknownException;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * How the library's exceptions end a goal. Maven 3 ends both kinds as BUILD FAILURE with exit 1, so
 * the message says which kind it was: a refusal (a {@link MojoFailureException}: the input or the
 * registry's state says no, nothing written) or a broken environment (a {@link
 * MojoExecutionException}: retrying later may help). Under json the error document goes to standard
 * output too.
 */
final class GoalFailures {
  /** How a refusal's message starts. */
  static final String REFUSED = "Refused (nothing was written): ";

  /** How a broken environment's message starts. */
  static final String UNAVAILABLE = "Broken environment (not a refusal; retrying later may help): ";

  private GoalFailures() {}

  static MojoFailureException refused(RegistryRefusedException e, GoalOutput out) {
    String message = REFUSED + Display.escapeLines(e.getMessage() + MavenWording.nextStep(e));
    out.printError("refused", message);
    return new MojoFailureException(message, e); // Maven prints it: see EscapingLog
  }

  static MojoExecutionException unavailable(RegistryUnavailableException e, GoalOutput out) {
    String message = UNAVAILABLE + Display.escapeLines(e.getMessage());
    out.printError(
        e instanceof PushOutcomeUnknownException ? "outcome_unknown" : "unavailable", message);
    return new MojoExecutionException(message, e);
  }
}
