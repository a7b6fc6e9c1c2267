package dev.modelregistry.model;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A rollback trigger that fired for a version: which one, and the reason a rollback records, with
 * the figures that made it fire ({@code "automatic: sharpe 0.82 < 1.0 over 24h"}).
 *
 * @param trigger the trigger that fired
 * @param version the version it fired for: the one to take out
 * @param reason the rollback's reason, one line, starting {@code "automatic: "}
 */
public record TriggerFired(RollbackTrigger trigger, String version, String reason) {
  /** How much of a loader's failure message a reason keeps: a reason is one line of a log. */
  static final int MAX_FAILURE_CHARS = 200;

  public TriggerFired {
    if (trigger == null || version == null || reason == null) {
      throw new IllegalArgumentException("a fired trigger names its trigger, version and reason");
    }
  }

  /** {@code automatic: sharpe 0.82 < 1.0 over 24h}. */
  static TriggerFired sharpe(String version, double sharpe, double below, TimeSpan window) {
    return new TriggerFired(
        RollbackTrigger.SHARPE_BELOW,
        version,
        "automatic: sharpe "
            + belowWithDigits(sharpe, below)
            + " < "
            + number(below)
            + " over "
            + window);
  }

  /** {@code automatic: drawdown 27.3% > 25%}. */
  static TriggerFired drawdown(String version, double drawdown, double max) {
    BigDecimal maxPercent = BigDecimal.valueOf(max).movePointRight(2); // 0.07 -> 7, not 7.000...01
    return new TriggerFired(
        RollbackTrigger.MAX_DRAWDOWN,
        version,
        "automatic: drawdown "
            + aboveWithDigits(drawdown * 100, maxPercent.doubleValue())
            + "% > "
            + plain(maxPercent)
            + "%");
  }

  /** {@code automatic: 10 consecutive losses}. */
  static TriggerFired losses(String version, int streak) {
    return new TriggerFired(
        RollbackTrigger.CONSECUTIVE_LOSSES,
        version,
        "automatic: " + streak + " consecutive loss" + (streak == 1 ? "" : "es"));
  }

  /** {@code automatic: load failure of v1.2.0: <what the loader said>}. */
  static TriggerFired loadFailure(String version, String failure) {
    String said = failure == null || failure.isBlank() ? "(no reason given)" : oneLine(failure);
    return new TriggerFired(
        RollbackTrigger.ON_LOAD_FAILURE,
        version,
        "automatic: load failure of " + version + ": " + said);
  }

  /**
   * The loader's message as one safe line: its line breaks folded, anything a terminal would act on
   * escaped, and shortened, since it goes into a commit's reason.
   */
  private static String oneLine(String text) {
    String folded = Display.escape(text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " "));
    int count = folded.codePointCount(0, folded.length());
    if (count <= MAX_FAILURE_CHARS) {
      return folded;
    }
    return folded.substring(0, folded.offsetByCodePoints(0, MAX_FAILURE_CHARS)) + "...";
  }

  /**
   * {@code figure} with two decimals, or more where two would round it up to the threshold it is
   * below: "sharpe 1.00 < 1.0" would read as a mistake.
   */
  private static String belowWithDigits(double figure, double threshold) {
    for (int digits = 2; digits < 8; digits++) {
      String s = String.format(Locale.ROOT, "%." + digits + "f", figure);
      if (Double.parseDouble(s) < threshold) {
        return s;
      }
    }
    return String.valueOf(figure);
  }

  /** As {@link #belowWithDigits}, for a figure above its threshold, one decimal first. */
  private static String aboveWithDigits(double figure, double threshold) {
    for (int digits = 1; digits < 8; digits++) {
      String s = String.format(Locale.ROOT, "%." + digits + "f", figure);
      if (Double.parseDouble(s) > threshold) {
        return s;
      }
    }
    return String.valueOf(figure);
  }

  /** A threshold as people wrote it: {@code 1.0}, {@code 0.5}, {@code -0.25}. */
  private static String number(double v) {
    String s = Double.toString(v);
    return s.contains("E") ? plain(BigDecimal.valueOf(v)) : s;
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }
}
