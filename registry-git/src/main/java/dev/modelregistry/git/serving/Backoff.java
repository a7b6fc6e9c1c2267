package dev.modelregistry.git.serving;

import java.time.Duration;

/**
 * How long the loader waits before trying a failing record again: {@code first}, then twice as long
 * after each further failure, never longer than {@code max}. A registry that is down is not
 * hammered, and one that is back is tried again within {@code max}.
 */
record Backoff(Duration first, Duration max) {
  Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "back-off needs 0 < first <= max, not first " + first + ", max " + max);
    }
  }

  /** The wait after the {@code failures}-th failure in a row (1 for the first). */
  Duration after(int failures) {
    Duration d = first;
    for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
