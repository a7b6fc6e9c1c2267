package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A model's name, as it appears in paths ({@code models/<name>/}) and branch names ({@code
 * promotion/<name>/<version>}). The rule keeps names safe as a single path component on every file
 * system and as a component of a Git ref name ({@code git check-ref-format}: no component ending in
 * {@code .lock}, no {@code ..}, none starting with {@code .}): lower-case letters, digits, {@code
 * _}, {@code -} and {@code .}; 1 to 64 characters; not starting or ending with {@code .}; no {@code
 * ..}; not ending in {@code .lock}. The character set already excludes the rest of Git's rules: no
 * spaces, no control characters, none of ~ ^ : ? * [ \ and no '@' (so no "@{").
 */
public record ModelName(@JsonValue String value) implements Comparable<ModelName> {
  /** The rule in words, shown in every refusal. */
  public static final String RULE =
      "lower-case letters, digits, '_', '-' and '.'; 1 to 64 characters; not starting or ending with '.', no '..',"
          + " and not ending in '.lock' (Git refuses such branch names)";

  private static final Pattern ALLOWED = Pattern.compile("[a-z0-9_-][a-z0-9_.-]{0,63}");

  public ModelName {
    if (value == null
        || !ALLOWED.matcher(value).matches()
        || value.contains("..")
        || value.endsWith(
            ".") // Git allows it inside a ref, but Windows drops it from a directory name
        || value.endsWith(".lock")) { // Git's lock files: promotion/<name>.lock/... is no valid ref
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

  // equals and hashCode written out: a record's generated ones link an invokedynamic site on first
  // use, which a short command pays for each record type it compares (docs/BENCHMARKS.md 7c)
  @Override
  public boolean equals(Object o) {
    return o instanceof ModelName other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
