package dev.modelregistry.model;

import java.util.regex.Pattern;

/**
 * The rule for environment names: each is the name of its branch ({@code production}), so they are
 * kept plain: lower-case letters, digits, {@code _} and {@code -}, which no rule of {@code git
 * check-ref-format} can refuse. {@code main} is the catalogue's branch, and {@code promotion} would
 * be a branch where {@code promotion/<model>/<version>} branches must be directories (Git cannot
 * hold both).
 */
public final class EnvironmentNames {
  /** The rule in words, shown in every refusal. */
  public static final String RULE =
      "lower-case letters, digits, '_' and '-', starting with a letter, at most 32 characters,"
          + " and neither 'main' nor 'promotion' (branches the registry uses for itself)";

  private static final Pattern ALLOWED = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private EnvironmentNames() {}

  /** Returns {@code name} if it is a valid environment name, else refuses. */
  public static String check(String name) {
    if (name == null
        || !ALLOWED.matcher(name).matches()
        || name.equals("main")
        || name.equals("promotion")) {
      throw new InvalidInputException(
          "Environment name " + Display.quote(name) + " is not allowed: " + RULE + ".");
    }
    return name;
  }
}
