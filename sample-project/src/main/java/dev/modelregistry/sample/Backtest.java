package dev.modelregistry.sample;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Evaluates a fitted model out of sample, one cross-section (trading day) at a time.
 *
 * <p>Per day it computes the cross-sectional Pearson correlation between prediction and realised
 * next-day return (the day's IC) and the return of the long-short quintile portfolio. The IC is the
 * mean of the daily ICs, so each day counts equally however many assets it has; days whose
 * predictions or returns are constant have no defined correlation and are left out of the IC.
 */
public final class Backtest {

  private Backtest() {}

  /**
   * The out-of-sample metrics of a model.
   *
   * @param ic mean daily cross-sectional Pearson IC
   * @param sharpe annualised Sharpe ratio of the daily long-short portfolio
   * @param maxDrawdown maximum drawdown of that portfolio's compounded returns (&lt;= 0)
   * @param hitRate fraction of days the portfolio made money
   * @param days number of days evaluated
   * @param firstDate first evaluated date
   * @param lastDate last evaluated date
   */
  public record Result(
      double ic,
      double sharpe,
      double maxDrawdown,
      double hitRate,
      int days,
      LocalDate firstDate,
      LocalDate lastDate) {}

  /**
   * Groups observations by date, each day's assets sorted by name. Sorting fixes the tie-break
   * order of the quintile sort, so results never depend on file order.
   *
   * @param rows the observations
   * @return date-ordered cross-sections
   */
  public static SortedMap<LocalDate, List<Observation>> byDate(List<Observation> rows) {
    SortedMap<LocalDate, List<Observation>> days = new TreeMap<>();
    for (Observation o : rows) {
      days.computeIfAbsent(o.date(), d -> new ArrayList<>()).add(o);
    }
    days.values().forEach(l -> l.sort(Comparator.comparing(Observation::asset)));
    return days;
  }

  /**
   * Runs the backtest.
   *
   * @param model the fitted model
   * @param days the evaluation cross-sections, in date order
   * @return the metrics
   * @throws IllegalArgumentException if there is no day with at least two assets
   */
  public static Result run(
      RidgeRegression.Model model, SortedMap<LocalDate, List<Observation>> days) {
    List<Double> ics = new ArrayList<>();
    List<Double> portfolio = new ArrayList<>();
    for (Map.Entry<LocalDate, List<Observation>> day : days.entrySet()) {
      List<Observation> assets = day.getValue();
      double[] predicted = new double[assets.size()];
      double[] realised = new double[assets.size()];
      for (int i = 0; i < assets.size(); i++) {
        predicted[i] = model.predict(assets.get(i).factors());
        realised[i] = assets.get(i).nextReturn();
      }
      double ic = Metrics.pearson(predicted, realised);
      if (!Double.isNaN(ic)) {
        ics.add(ic);
      }
      double r = Metrics.longShortReturn(predicted, realised);
      if (!Double.isNaN(r)) {
        portfolio.add(r);
      }
    }
    if (portfolio.isEmpty()) {
      throw new IllegalArgumentException("no evaluation day has at least two assets");
    }
    double[] daily = portfolio.stream().mapToDouble(Double::doubleValue).toArray();
    double[] dailyIc = ics.stream().mapToDouble(Double::doubleValue).toArray();
    return new Result(
        Metrics.mean(dailyIc),
        Metrics.annualisedSharpe(daily),
        Metrics.maxDrawdown(daily),
        Metrics.hitRate(daily),
        days.size(),
        days.firstKey(),
        days.lastKey());
  }
}
