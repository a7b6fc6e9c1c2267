package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a version stands. Derived, never stored: {@code FAILED} if it was marked failed; {@code
 * PRODUCTION} if the production branch points to it now; {@code ARCHIVED} if it was in production
 * before and no longer is; otherwise {@code STAGED}.
 */
public enum VersionStatus {
  STAGED,
  PRODUCTION,
  ARCHIVED,
  FAILED;

  /** The lower-case name used in output and in {@code registry.status}. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a status as users type it ({@code staged}, {@code Production}...). */
  public static VersionStatus parse(String text) {
    for (VersionStatus s : values()) {
      if (s.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return s;
      }
    }
    throw new InvalidInputException(
        "Status "
            + Display.quote(text)
            + " is unknown: use staged, production, archived or failed.");
  }
}
