package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trigger arithmetic on a live version's returns, figures checked by hand. */
class TriggerWatchTest {
  private static final Instant T0 = Instant.parse("2025-01-15T00:00:00Z");

  private static final RollbackTriggers SHARPE =
      new RollbackTriggers(
          new RollbackTriggers.SharpeBelow(1.0, TimeSpan.parse("24h")), null, null, false);

  private static Instant hour(int h) {
    return T0.plus(Duration.ofHours(h));
  }

  /** Mean over sample stdev, times sqrt(n * 365 days / window): written out here once more. */
  private static double annualisedSharpe(List<Double> r, Duration window) {
    double mean = r.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double ss = r.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
    double sd = Math.sqrt(ss / (r.size() - 1));
    return mean / sd * Math.sqrt(r.size() * 365.0 * 24 / window.toHours());
  }

  @Test
  void sharpeFiresOnlyOnceTheWindowIsCoveredWithTheFiguresOfTheWindow() {
    TriggerWatch w = new TriggerWatch(SHARPE, "v1.2.0");
    List<Double> returns = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      double r = h % 2 == 0 ? -0.004 : 0.003; // losing, but never two in a row
      returns.add(r);
      assertEquals(Optional.empty(), w.observe(hour(h), r), "hour " + h + ": window not covered");
      assertFalse(w.sharpeWindowCovered());
    }
    double r24 = -0.004;
    returns.add(r24);
    TriggerFired f = w.observe(hour(24), r24).orElseThrow();
    // the window is (hour 0, hour 24]: hour 0's return belongs to the period before it
    double expected = annualisedSharpe(returns.subList(1, 25), Duration.ofHours(24));
    assertTrue(expected < 0, "a losing stream: " + expected);
    assertEquals(RollbackTrigger.SHARPE_BELOW, f.trigger());
    assertEquals("v1.2.0", f.version());
    assertEquals(
        "automatic: sharpe " + String.format(Locale.ROOT, "%.2f", expected) + " < 1.0 over 24h",
        f.reason());
    assertEquals(expected, w.sharpe().getAsDouble(), 1e-9);
  }

  @Test
  void aGoodStreamDoesNotFireAndNeitherDoesAConstantOne() {
    TriggerWatch good = new TriggerWatch(SHARPE, "v1.2.0");
    for (int h = 0; h <= 48; h++) {
      assertEquals(Optional.empty(), good.observe(hour(h), h % 3 == 0 ? -0.001 : 0.002));
    }
    assertTrue(good.sharpe().getAsDouble() > 1.0);
    TriggerWatch flat = new TriggerWatch(SHARPE, "v1.2.0");
    for (int h = 0; h <= 48; h++) {
      assertEquals(Optional.empty(), flat.observe(hour(h), -0.001));
    }
    assertTrue(flat.sharpe().isEmpty(), "a constant return has no Sharpe ratio");
  }

  @Test
  void drawdownIsTheFallOfTheCompoundedEquityFromItsPeak() {
    TriggerWatch w = new TriggerWatch(new RollbackTriggers(null, 0.25, null, false), "v1.2.0");
    assertEquals(Optional.empty(), w.observe(hour(0), 0.10)); // equity 1.10, the peak
    assertEquals(Optional.empty(), w.observe(hour(1), -0.20)); // 0.88: 20% below the peak
    assertEquals(0.20, w.maxDrawdown(), 1e-12);
    TriggerFired f = w.observe(hour(2), -0.10).orElseThrow(); // 0.792: 28% below
    assertEquals(RollbackTrigger.MAX_DRAWDOWN, f.trigger());
    assertEquals("automatic: drawdown 28.0% > 25%", f.reason());
    assertEquals(0.28, w.maxDrawdown(), 1e-12);
  }

  @Test
  void aTotalLossIsAHundredPercentDrawdown() {
    TriggerWatch w = new TriggerWatch(new RollbackTriggers(null, 0.5, null, false), "v1.2.0");
    assertEquals("automatic: drawdown 100.0% > 50%", w.observe(hour(0), -1).get().reason());
  }

  @Test
  void consecutiveLossesCountNegativeReturnsZeroesNeitherCountNorReset() {
    RollbackTriggers ten = new RollbackTriggers(null, null, 10, false);
    TriggerWatch w = new TriggerWatch(ten, "v1.2.0");
    for (int i = 0; i < 9; i++) {
      assertEquals(Optional.empty(), w.observe(hour(i), -0.001));
    }
    assertEquals(Optional.empty(), w.observe(hour(9), 0.0), "a zero does not count");
    assertEquals(9, w.lossStreak(), "nor does it reset");
    TriggerFired f = w.observe(hour(10), -0.001).orElseThrow();
    assertEquals("automatic: 10 consecutive losses", f.reason());

    TriggerWatch reset = new TriggerWatch(ten, "v1.2.0");
    for (int i = 0; i < 19; i++) {
      assertEquals(Optional.empty(), reset.observe(hour(i), i == 9 ? 0.0001 : -0.001));
    }
    assertEquals(9, reset.lossStreak(), "a gain ends the run");
  }

  @Test
  void aWatchFiresOnceAndKeepsCounting() {
    TriggerWatch w = new TriggerWatch(new RollbackTriggers(null, null, 2, false), "v1.2.0");
    w.observe(hour(0), -0.01);
    TriggerFired first = w.observe(hour(1), -0.01).orElseThrow();
    for (int i = 2; i < 30; i++) {
      assertEquals(Optional.empty(), w.observe(hour(i), -0.01), "one incident, one fire");
    }
    assertEquals(first, w.fired().orElseThrow());
    assertEquals(30, w.lossStreak(), "it keeps counting after the fire");
    assertEquals(30, w.observations());
  }

  @Test
  void withEveryTriggerArmedTheSharpeOneIsJudgedFirst() {
    RollbackTriggers all =
        new RollbackTriggers(
            new RollbackTriggers.SharpeBelow(1.0, TimeSpan.parse("2h")), 0.01, 3, true);
    TriggerWatch w = new TriggerWatch(all, "v1.2.0");
    w.observe(hour(0), -0.001);
    w.observe(hour(1), -0.002);
    // hour 2: three losses, drawdown above 1%, window covered with a negative Sharpe ratio
    assertEquals(RollbackTrigger.SHARPE_BELOW, w.observe(hour(2), -0.009).get().trigger());
    TriggerWatch early = new TriggerWatch(all, "v1.2.0");
    early.observe(hour(0), -0.001);
    early.observe(hour(1), -0.002);
    assertEquals(
        RollbackTrigger.MAX_DRAWDOWN,
        early.observe(hour(1).plusSeconds(60), -0.009).get().trigger(),
        "the window is not covered yet");
  }

  @Test
  void figuresNeverReadAsIfTheyMetTheirThreshold() {
    assertEquals(
        "automatic: sharpe 0.996 < 1.0 over 24h",
        TriggerFired.sharpe("v1.0.0", 0.996, 1.0, TimeSpan.parse("24h")).reason());
    assertEquals(
        "automatic: sharpe 0.82 < 1.0 over 24h",
        TriggerFired.sharpe("v1.0.0", 0.8234, 1.0, TimeSpan.parse("24h")).reason());
    assertEquals(
        "automatic: drawdown 25.04% > 25%", TriggerFired.drawdown("v1.0.0", 0.2504, 0.25).reason());
    assertEquals(
        "automatic: drawdown 27.3% > 25%", TriggerFired.drawdown("v1.0.0", 0.273, 0.25).reason());
    assertEquals(
        "automatic: drawdown 7.5% > 7%", TriggerFired.drawdown("v1.0.0", 0.075, 0.07).reason());
    assertEquals("automatic: 1 consecutive loss", TriggerFired.losses("v1.0.0", 1).reason());
  }

  @Test
  void returnsThatAreNotReturnsAndObservationsOutOfOrderAreRefused() {
    TriggerWatch w = new TriggerWatch(SHARPE, "v1.2.0");
    assertThrows(InvalidInputException.class, () -> w.observe(hour(0), Double.NaN));
    assertThrows(InvalidInputException.class, () -> w.observe(hour(0), -1.5));
    assertThrows(InvalidInputException.class, () -> w.observe(null, 0.01));
    w.observe(hour(5), 0.01);
    w.observe(hour(5), 0.02); // two trades in the same instant
    String msg =
        assertThrows(InvalidInputException.class, () -> w.observe(hour(4), 0.01)).getMessage();
    assertTrue(msg.contains("time order"), msg);
    assertThrows(InvalidInputException.class, () -> new TriggerWatch(SHARPE, "1.2"));
  }
}
