package dev.modelregistry.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Parses an instant as an on-call engineer types it: {@code 2025-01-15T10:00:00Z}, {@code
 * 2025-01-15T10:00+01:00}, or without a zone ({@code 2025-01-15T10:00}, {@code 2025-01-15}) in the
 * zone given (the machine's own, usually); callers print the instant it became.
 */
public final class Instants {
  private Instants() {}

  public static Instant parse(String text, ZoneId zone) {
    String t = text == null ? "" : text.strip();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(t).atZone(zone).toInstant();
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notDate) {
          throw new InvalidInputException(
              "Instant "
                  + Display.quote(text)
                  + " does not parse. Write ISO-8601:"
                  + " 2025-01-15T10:00:00Z (UTC), 2025-01-15T10:00+01:00, or 2025-01-15T10:00 (in "
                  + zone
                  + ").");
        }
      }
    }
  }
}
