package dev.modelregistry.model;

/**
 * The largest fall of an equity curve from its running peak: equity starts at 1 and compounds each
 * period return ({@code equity *= 1 + r}); the drawdown at a point is {@code 1 - equity / peak}.
 * Kept in logarithms, so that a long run of returns neither overflows nor underflows.
 */
final class EquityDrawdown {
  private double logEquity; // log(1) = 0
  private double logPeak;
  private double max;

  void add(double periodReturn) {
    logEquity += Math.log1p(periodReturn); // -Infinity for a total loss: the drawdown is then 1
    logPeak = Math.max(logPeak, logEquity);
    double now = 1 - Math.exp(logEquity - logPeak);
    max = Math.max(max, now);
  }

  /** The largest drawdown so far, from 0 to 1. */
  double max() {
    return max;
  }
}
