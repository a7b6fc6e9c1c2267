package dev.modelregistry.model;

import java.util.regex.Pattern;

/**
 * A model's name, as it appears in paths ({@code models/<name>/}) and branch names. The rule keeps
 * names safe as a single path component on every file system: lower-case letters, digits, {@code
 * _}, {@code -} and {@code .}; 1 to 64 characters; not starting with {@code .}; no {@code ..}.
 */
public record ModelName(String value) implements Comparable<ModelName> {
  /** The rule in words, shown in every refusal. */
  public static final String RULE =
      "lower-case letters, digits, '_', '-' and '.'; 1 to 64 characters; not starting with '.'";

  private static final Pattern ALLOWED = Pattern.compile("[a-z0-9_-][a-z0-9_.-]{0,63}");

  public ModelName {
    if (value == null || !ALLOWED.matcher(value).matches() || value.contains("..")) {
      throw new InvalidInputException(
          "Model name "
              + Display.quote(value)
              + " is not allowed. A model name uses "
              + RULE
              + ". For example: risk_model, alpha-baseline.");
    }
  }

  /** Parses a name, refusing anything outside {@link #RULE}. */
  public static ModelName of(String value) {
    return new ModelName(value);
  }

  @Override
  public int compareTo(ModelName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
