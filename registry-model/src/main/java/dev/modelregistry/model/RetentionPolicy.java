package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What {@code gc} may remove: staged versions older than {@code staged_days}, archived older than
 * {@code archived_days}; never a version in an environment, never the newest {@code keep_last} of a
 * model.
 */
@JsonPropertyOrder({"staged_days", "archived_days", "keep_last"})
public record RetentionPolicy(
    @JsonProperty("staged_days") Integer stagedDays,
    @JsonProperty("archived_days") Integer archivedDays,
    @JsonProperty("keep_last") Integer keepLast) {

  public RetentionPolicy {
    stagedDays = stagedDays == null ? 30 : stagedDays;
    archivedDays = archivedDays == null ? 90 : archivedDays;
    keepLast = keepLast == null ? 3 : keepLast;
    if (stagedDays < 1 || archivedDays < 1 || keepLast < 1) {
      throw new InvalidInputException(
          "retention: staged_days, archived_days and keep_last must each be at least 1.");
    }
  }

  /** The defaults: 30 days, 90 days, keep the last 3. */
  public static RetentionPolicy defaults() {
    return new RetentionPolicy(null, null, null);
  }
}
