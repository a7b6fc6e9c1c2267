package dev.modelregistry.sample;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The statistics used to judge an alpha model: correlation (for the IC), the long-short quintile
 * portfolio return, annualised Sharpe ratio, maximum drawdown and hit rate.
 *
 * <p>Each is a pure function of plain arrays so it can be checked by hand on tiny inputs.
 * Degenerate inputs (a constant series, fewer than two points) give {@code NaN} rather than an
 * exception: a single flat day must not abort a backtest, and callers decide how to treat it.
 */
public final class Metrics {

  /** Trading days per year, used to annualise the daily Sharpe ratio. */
  public static final int TRADING_DAYS_PER_YEAR = 252;

  private Metrics() {}

  /**
   * Arithmetic mean.
   *
   * @param xs the values
   * @return their mean, or {@code NaN} if there are none
   */
  public static double mean(double[] xs) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }

  /**
   * Sample standard deviation (divisor {@code n - 1}).
   *
   * @param xs the values
   * @return the standard deviation, or {@code NaN} if there are fewer than two values
   */
  public static double sampleStdDev(double[] xs) {
    if (xs.length < 2) {
      return Double.NaN;
    }
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (xs.length - 1));
  }

  /**
   * Pearson correlation of two equally long series.
   *
   * @param a the first series
   * @param b the second series
   * @return the correlation in [-1, 1], or {@code NaN} if either series is constant or shorter than
   *     2
   */
  public static double pearson(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("series lengths differ: " + a.length + " vs " + b.length);
    }
    if (a.length < 2) {
      return Double.NaN;
    }
    double ma = mean(a);
    double mb = mean(b);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      double da = a[i] - ma;
      double db = b[i] - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    if (saa == 0 || sbb == 0) {
      return Double.NaN;
    }
    // Clamp: rounding can push a perfect correlation a hair outside [-1, 1].
    return Math.max(-1.0, Math.min(1.0, sab / Math.sqrt(saa * sbb)));
  }

  /**
   * Return of an equal-weight, dollar-neutral long-short portfolio for one day: long the top
   * quintile of assets by prediction, short the bottom quintile.
   *
   * <p>The quintile holds {@code max(1, n / 5)} assets, so with 20 assets it is 4 long and 4 short.
   * Ties in the prediction keep the input order (the sort is stable), which makes the result
   * deterministic when callers pass assets in a fixed order.
   *
   * @param predictions the predicted returns, one per asset
   * @param realised the realised next-day returns, same order
   * @return mean(realised of top quintile) - mean(realised of bottom quintile), or {@code NaN} with
   *     fewer than two assets
   */
  public static double longShortReturn(double[] predictions, double[] realised) {
    if (predictions.length != realised.length) {
      throw new IllegalArgumentException(
          "series lengths differ: " + predictions.length + " vs " + realised.length);
    }
    int n = predictions.length;
    if (n < 2) {
      return Double.NaN;
    }
    int k = Math.max(1, n / 5);
    Integer[] byPrediction = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(byPrediction, Comparator.comparingDouble(i -> predictions[i]));
    double shortLeg = 0;
    double longLeg = 0;
    for (int i = 0; i < k; i++) {
      shortLeg += realised[byPrediction[i]];
      longLeg += realised[byPrediction[n - 1 - i]];
    }
    return (longLeg - shortLeg) / k;
  }

  /**
   * Annualised Sharpe ratio of daily returns: {@code mean / sampleStdDev * sqrt(252)}. No risk-free
   * rate is subtracted because a dollar-neutral long-short book earns (and finances) roughly cash
   * on both legs.
   *
   * @param dailyReturns the daily portfolio returns
   * @return the annualised Sharpe ratio, or {@code NaN} for fewer than 2 returns or zero volatility
   */
  public static double annualisedSharpe(double[] dailyReturns) {
    double sd = sampleStdDev(dailyReturns);
    if (!(sd > 0)) {
      return Double.NaN;
    }
    return mean(dailyReturns) / sd * Math.sqrt(TRADING_DAYS_PER_YEAR);
  }

  /**
   * Maximum drawdown of the compounded wealth curve {@code W_t = prod(1 + r_s)} starting from
   * {@code W_0 = 1}: the most negative {@code W_t / max(W_0..W_t) - 1}. Starting the peak at the
   * initial capital means an immediate loss counts as a drawdown.
   *
   * @param dailyReturns the daily returns
   * @return a number in [-1, 0]; 0 if the curve never falls below a previous peak
   */
  public static double maxDrawdown(double[] dailyReturns) {
    double wealth = 1.0;
    double peak = 1.0;
    double worst = 0.0;
    for (double r : dailyReturns) {
      wealth *= 1.0 + r;
      peak = Math.max(peak, wealth);
      worst = Math.min(worst, wealth / peak - 1.0);
    }
    return worst;
  }

  /**
   * Fraction of days with a strictly positive return (a flat day is not a hit).
   *
   * @param dailyReturns the daily returns
   * @return the hit rate in [0, 1], or {@code NaN} if there are no returns
   */
  public static double hitRate(double[] dailyReturns) {
    if (dailyReturns.length == 0) {
      return Double.NaN;
    }
    long hits = Arrays.stream(dailyReturns).filter(r -> r > 0).count();
    return (double) hits / dailyReturns.length;
  }
}
