package dev.modelregistry.sample;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One row of the daily-returns data set: an asset's four factor exposures on a date and the return
 * it went on to earn over the next trading day.
 *
 * <p>The factors are named fields rather than an array so that the record's equality and {@code
 * toString} stay meaningful; {@link #factors()} gives them in {@link #FACTOR_NAMES} order for the
 * linear algebra.
 *
 * @param date the date the factor exposures were observed
 * @param asset the asset identifier
 * @param momentum momentum exposure (cross-sectional z-score)
 * @param value value exposure (cross-sectional z-score)
 * @param size size exposure (cross-sectional z-score)
 * @param quality quality exposure (cross-sectional z-score)
 * @param nextReturn the asset's simple return over the next trading day
 */
public record Observation(
    LocalDate date,
    String asset,
    double momentum,
    double value,
    double size,
    double quality,
    double nextReturn) {

  /** The factor names, in the order used by {@link #factors()} and by the model's coefficients. */
  public static final List<String> FACTOR_NAMES = List.of("momentum", "value", "size", "quality");

  /** Validates that the row is complete and finite, so bad data fails at load time, not mid-fit. */
  public Observation {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(asset, "asset");
    if (asset.isBlank()) {
      throw new IllegalArgumentException("asset must not be blank");
    }
    for (double d : new double[] {momentum, value, size, quality, nextReturn}) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("non-finite value in row for " + asset + " on " + date);
      }
    }
  }

  /**
   * Returns the factor exposures as a fresh array, in {@link #FACTOR_NAMES} order.
   *
   * @return {momentum, value, size, quality}
   */
  public double[] factors() {
    return new double[] {momentum, value, size, quality};
  }
}
