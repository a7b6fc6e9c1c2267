package dev.modelregistry.maven;

import dev.modelregistry.model.Display;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ResultJson;

/**
 * A goal's answer for scripts: {@code registry.format=json} writes the answer, or an error
 * document, to standard output itself, so that it is there even under {@code mvn -q} (as {@code
 * help:evaluate -DforceStdout} does); text goes through Maven's log.
 */
final class GoalOutput {
  private final String format;

  GoalOutput(String format) {
    this.format = format;
  }

  /** True for json; refuses a format other than text or json. */
  boolean json() {
    if ("json".equals(format)) {
      return true;
    }
    if (format == null || "text".equals(format)) {
      return false;
    }
    throw new InvalidInputException(
        Input.FORMAT,
        "Format "
            + Display.quote(format)
            + " is not one of text (for people) or json (for scripts).");
  }

  /** Prints {@code answer} as JSON if json was asked for; true if it did. */
  boolean print(Object answer) {
    if (!json()) {
      return false;
    }
    System.out.print(ResultJson.write(answer));
    System.out.flush();
    return true;
  }

  /** The error document of a failed goal ({@code kind}: refused, unavailable, ...), under json. */
  void printError(String kind, String message) {
    if ("json".equals(format)) {
      System.out.print(ResultJson.error(kind, 1, message));
      System.out.flush();
    }
  }
}
