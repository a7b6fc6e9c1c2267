package dev.modelregistry.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void pearsonOnHandComputedSeries() {
    assertEquals(1.0, Metrics.pearson(new double[] {1, 2, 3}, new double[] {10, 20, 30}), 1e-12);
    assertEquals(-1.0, Metrics.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
    // Deviations (-1.5,-.5,.5,1.5) and (-1.5,.5,-.5,1.5): 4 / sqrt(5 * 5) = 0.8.
    assertEquals(0.8, Metrics.pearson(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-12);
    assertTrue(Double.isNaN(Metrics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
  }

  @Test
  void longShortTakesTopAndBottomQuintile() {
    // 5 assets: quintile = 1 asset. Long asset 0 (+5%), short asset 4 (-1%): 0.05 - (-0.01).
    assertEquals(
        0.06,
        Metrics.longShortReturn(
            new double[] {5, 4, 3, 2, 1}, new double[] {0.05, 0.9, 0.9, 0.9, -0.01}),
        1e-12);
    // 10 assets: quintile = 2. Long {0.02, 0.04} mean 0.03, short {-0.02, 0.00} mean -0.01.
    double[] pred = {10, 9, 1, 2, 5, 5, 5, 5, 5, 5};
    double[] ret = {0.02, 0.04, -0.02, 0.00, 1, 1, 1, 1, 1, 1};
    assertEquals(0.04, Metrics.longShortReturn(pred, ret), 1e-12);
  }

  @Test
  void sharpeOnHandComputedReturns() {
    // Mean 0.02, sample sd sqrt(2e-4) = 0.01 * sqrt(2): daily Sharpe sqrt(2), annualised sqrt(2 *
    // 252).
    assertEquals(Math.sqrt(504), Metrics.annualisedSharpe(new double[] {0.01, 0.03}), 1e-9);
    assertEquals(-Math.sqrt(504), Metrics.annualisedSharpe(new double[] {-0.01, -0.03}), 1e-9);
    assertTrue(Double.isNaN(Metrics.annualisedSharpe(new double[] {0.01, 0.01})));
  }

  @Test
  void maxDrawdownOfCompoundedWealth() {
    // Wealth 1.1, 0.55, 0.66: worst is 0.55 / 1.1 - 1 = -0.5.
    assertEquals(-0.5, Metrics.maxDrawdown(new double[] {0.10, -0.50, 0.20}), 1e-12);
    // An immediate loss counts against the starting capital.
    assertEquals(-0.1, Metrics.maxDrawdown(new double[] {-0.10, 0.05}), 1e-12);
    assertEquals(0.0, Metrics.maxDrawdown(new double[] {0.01, 0.02}), 0.0);
  }

  @Test
  void hitRateCountsStrictlyPositiveDays() {
    assertEquals(0.5, Metrics.hitRate(new double[] {0.01, -0.02, 0.0, 0.03}), 0.0);
  }

  @Test
  void backtestIcIsMeanOfDailyCorrelations() {
    // Predictions equal the momentum factor (coefficient 1, intercept 0).
    RidgeRegression.Model model = new RidgeRegression.Model(new double[] {1, 0, 0, 0}, 0, 0);
    LocalDate d1 = LocalDate.of(2024, 1, 2);
    LocalDate d2 = LocalDate.of(2024, 1, 3);
    List<Observation> rows =
        List.of(
            // Day 1: perfect correlation; long A3 (+3%) short A1 (+1%) -> +2%.
            obs(d1, "A1", 1, 0.01),
            obs(d1, "A2", 2, 0.02),
            obs(d1, "A3", 3, 0.03),
            // Day 2: correlation 0.8 (see pearsonOnHandComputedSeries); long A4 short A1 -> +3%.
            obs(d2, "A1", 1, 0.01),
            obs(d2, "A2", 2, 0.03),
            obs(d2, "A3", 3, 0.02),
            obs(d2, "A4", 4, 0.04));
    Backtest.Result r = Backtest.run(model, Backtest.byDate(rows));
    assertEquals(0.9, r.ic(), 1e-12);
    assertEquals(2, r.days());
    assertEquals(1.0, r.hitRate(), 0.0);
    assertEquals(0.0, r.maxDrawdown(), 0.0);
    // Returns 0.02, 0.03: mean 0.025, sd 0.005 * sqrt(2); annualised 5 / sqrt(2) * sqrt(252).
    assertEquals(5 / Math.sqrt(2) * Math.sqrt(252), r.sharpe(), 1e-9);
  }

  private static Observation obs(LocalDate d, String asset, double momentum, double ret) {
    return new Observation(d, asset, momentum, 0, 0, 0, ret);
  }
}
