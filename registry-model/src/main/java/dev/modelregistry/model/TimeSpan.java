package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as people write it in {@code registry.yaml}: {@code 24h}, {@code 30m}, {@code 2d}, or
 * ISO-8601 ({@code PT24H}).
 */
public record TimeSpan(Duration duration) {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,6})\\s*([smhd])");

  public TimeSpan {
    if (duration == null || duration.isNegative()) {
      throw new InvalidInputException("A duration must be zero or positive.");
    }
  }

  /** Parses {@code 24h}, {@code 2d}, {@code 30m}, {@code 45s} or {@code PT24H}. */
  @JsonCreator
  public static TimeSpan parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return new TimeSpan(
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
    }
    try {
      return new TimeSpan(Duration.parse(t.toUpperCase(Locale.ROOT)));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "Duration " + Display.quote(text) + " is not understood: write 24h, 30m, 2d or PT24H.");
    }
  }

  @JsonValue
  @Override
  public String toString() {
    long s = duration.getSeconds();
    if (s % 86_400 == 0 && s >= 2 * 86_400) { // 24h reads better as 24h than 1d
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
