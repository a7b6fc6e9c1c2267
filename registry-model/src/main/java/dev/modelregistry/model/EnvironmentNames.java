package dev.modelregistry.model;

import java.util.regex.Pattern;

/** The rule for environment names: they become branch names, so they are kept plain. */
public final class EnvironmentNames {
  private static final Pattern ALLOWED = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private EnvironmentNames() {}

  /** Returns {@code name} if it is a valid environment name, else refuses. */
  public static String check(String name) {
    if (name == null || !ALLOWED.matcher(name).matches() || name.equals("main")) {
      throw new InvalidInputException(
          "Environment name " + Display.quote(name) + " is not allowed: lower-case letters, digits, '_'"
              + " and '-', starting with a letter, at most 32 characters, and not 'main'.");
    }
    return name;
  }
}
