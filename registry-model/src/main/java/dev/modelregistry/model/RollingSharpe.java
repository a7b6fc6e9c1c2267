package dev.modelregistry.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.OptionalDouble;

/**
 * The annualised Sharpe ratio of the period returns observed over a sliding window: mean over
 * sample standard deviation (n - 1) of the returns whose instants lie in {@code (newest - window,
 * newest]}, times the square root of the number of such periods in a year at the window's rate
 * ({@code n * 365 days / window}: markets that trade every day, as the seeds' bot does). No
 * risk-free rate is subtracted: over a day it is noise.
 *
 * <p>There is no figure until the window is covered (the newest observation is at least {@code
 * window} after the first one), while fewer than two returns are in the window, or while they do
 * not vary: a constant return has no Sharpe ratio, and the other triggers judge constant losses.
 */
final class RollingSharpe {
  private static final double SECONDS_PER_YEAR = Duration.ofDays(365).getSeconds();

  /**
   * Below this share of the mean square the variance is rounding noise: a constant return would
   * otherwise get a Sharpe ratio of millions.
   */
  private static final double NO_DISPERSION = 1e-12;

  private record Observation(Instant at, double periodReturn) {}

  private final Duration window;
  private final ArrayDeque<Observation> inWindow = new ArrayDeque<>();
  private Instant first;
  private Instant newest;
  private double sum;
  private double sumOfSquares;
  private int removedSinceExact; // running sums drift as values leave; recomputed now and then

  RollingSharpe(Duration window) {
    this.window = window;
  }

  void add(Instant at, double periodReturn) {
    if (first == null) {
      first = at;
    }
    newest = at;
    inWindow.addLast(new Observation(at, periodReturn));
    sum += periodReturn;
    sumOfSquares += periodReturn * periodReturn;
    Instant from = at.minus(window);
    while (!inWindow.getFirst().at().isAfter(from)) {
      Observation gone = inWindow.removeFirst();
      sum -= gone.periodReturn();
      sumOfSquares -= gone.periodReturn() * gone.periodReturn();
      removedSinceExact++;
    }
    if (removedSinceExact > inWindow.size()) { // amortised: at most one pass per window's worth
      recomputeSums();
    }
  }

  /** True once the observations span the whole window. */
  boolean covered() {
    return first != null && !first.plus(window).isAfter(newest);
  }

  /** The ratio now, if there is one (see the class comment). */
  OptionalDouble value() {
    int n = inWindow.size();
    if (!covered() || n < 2) {
      return OptionalDouble.empty();
    }
    double mean = sum / n;
    double variance = (sumOfSquares - sum * mean) / (n - 1);
    if (!(variance > NO_DISPERSION * (sumOfSquares / n))) {
      return OptionalDouble.empty();
    }
    double periodsPerYear = n * SECONDS_PER_YEAR / seconds(window);
    return OptionalDouble.of(mean / Math.sqrt(variance) * Math.sqrt(periodsPerYear));
  }

  /** How many returns the window holds now. */
  int size() {
    return inWindow.size();
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9; // PT0.5S is a window too
  }

  private void recomputeSums() {
    sum = 0;
    sumOfSquares = 0;
    for (Observation o : inWindow) {
      sum += o.periodReturn();
      sumOfSquares += o.periodReturn() * o.periodReturn();
    }
    removedSinceExact = 0;
  }
}
