package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;

/**
 * What {@code gc} may remove ({@code retention:} in {@code registry.yaml}): staged versions
 * registered more than {@code staged_days} ago, archived ones more than {@code archived_days} ago,
 * failed ones marked failed more than {@code failed_days} ago. Never a version an environment runs
 * now or ran within the window of its status, never one of the last {@code keep_last} versions a
 * rollback of any environment could return to, never one of the newest {@code keep_last} versions
 * of a model.
 *
 * <p>Each field is optional, with the default below: a registry whose {@code registry.yaml} was
 * written before {@code failed_days} existed reads as before, failed versions kept 30 days.
 */
@JsonPropertyOrder({"staged_days", "archived_days", "failed_days", "keep_last"})
public record RetentionPolicy(
    @JsonProperty("staged_days") Integer stagedDays,
    @JsonProperty("archived_days") Integer archivedDays,
    @JsonProperty("failed_days") Integer failedDays,
    @JsonProperty("keep_last") Integer keepLast) {

  /**
   * The longest window a policy may give, about 100 years: beyond it a window means "never", which
   * leaving gc unrun says better, and day counts stay far from overflowing an instant.
   */
  public static final int MAX_DAYS = 36_500;

  public RetentionPolicy {
    stagedDays = checked("staged_days", stagedDays, 30);
    archivedDays = checked("archived_days", archivedDays, 90);
    failedDays = checked("failed_days", failedDays, 30);
    keepLast = checked("keep_last", keepLast, 3);
  }

  /** A policy without {@code failed_days} (what every registry had before it). */
  public RetentionPolicy(Integer stagedDays, Integer archivedDays, Integer keepLast) {
    this(stagedDays, archivedDays, null, keepLast);
  }

  private static int checked(String field, Integer value, int otherwise) {
    int v = value == null ? otherwise : value;
    if (v < 1 || v > MAX_DAYS) {
      throw new InvalidInputException(
          "retention."
              + field
              + " is "
              + v
              + " in registry.yaml; it must be a whole number from 1 to "
              + MAX_DAYS
              + " (leave it out for the default, "
              + otherwise
              + ").");
    }
    return v;
  }

  /** The defaults: staged 30 days, archived 90, failed 30, keep the last 3. */
  public static RetentionPolicy defaults() {
    return new RetentionPolicy(null, null, null, null);
  }

  /** How long a version of {@code status} is kept; production versions are never collected. */
  public Duration window(VersionStatus status) {
    return switch (status) {
      case STAGED -> Duration.ofDays(stagedDays);
      case ARCHIVED -> Duration.ofDays(archivedDays);
      case FAILED -> Duration.ofDays(failedDays);
      case PRODUCTION ->
          throw new IllegalArgumentException("production versions are never collected");
    };
  }

  /** The policy in a line, for reports: {@code staged > 30 days, archived > 90, ...}. */
  public String summary() {
    return "staged > "
        + stagedDays
        + " days, archived > "
        + archivedDays
        + " days, failed > "
        + failedDays
        + " days, keeping the last "
        + keepLast
        + " of each model and of each environment's rollbacks";
  }
}
