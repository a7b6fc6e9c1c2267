package dev.modelregistry.model;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Watches one live version against its environment's {@link RollbackTriggers}, fed with the period
 * returns a serving process observes while that version runs (daily, per trade: simple returns as
 * fractions, {@code -0.02} for a 2% loss). A new live version gets a new watch: observations belong
 * to the version that earned them.
 *
 * <p>After each observation the armed triggers are judged in this order, and the first that holds
 * fires:
 *
 * <ol>
 *   <li>{@code sharpe_below}: the annualised rolling Sharpe ratio over {@code for} is below {@code
 *       value}; only once the observations of this version span the whole window, so a new version
 *       is not judged on its first hour (see {@link RollingSharpe});
 *   <li>{@code max_drawdown}: the equity curve of this version's returns, compounded from 1, has
 *       fallen further than {@code max_drawdown} below its peak (see {@link EquityDrawdown});
 *   <li>{@code consecutive_losses}: that many returns below zero in a row; a zero return neither
 *       counts nor ends the run (see {@link LossStreak}).
 * </ol>
 *
 * <p>A watch fires at most once: one incident, one rollback. Not thread-safe; its owner serialises
 * calls.
 */
public final class TriggerWatch {
  private final RollbackTriggers triggers;
  private final String version;
  private final RollingSharpe sharpe;
  private final EquityDrawdown drawdown = new EquityDrawdown();
  private final LossStreak losses = new LossStreak();
  private Instant newest;
  private long observations;
  private TriggerFired fired;

  /** A watch of {@code version}, which has just gone live, under {@code triggers}. */
  public TriggerWatch(RollbackTriggers triggers, String version) {
    if (triggers == null) {
      throw new IllegalArgumentException("a watch needs its triggers (RollbackTriggers.none())");
    }
    this.triggers = triggers;
    this.version = ModelVersion.of(version).value();
    this.sharpe =
        triggers.sharpeBelow() == null
            ? null
            : new RollingSharpe(triggers.sharpeBelow().window().duration());
  }

  /** The version watched. */
  public String version() {
    return version;
  }

  /** The triggers it is judged by. */
  public RollbackTriggers triggers() {
    return triggers;
  }

  /**
   * Records the return of the period that ended at {@code at}; returns the trigger that fired on
   * it, at most once in this watch's life.
   *
   * @throws InvalidInputException for a return that is not a finite number of at least -1 (a period
   *     cannot lose more than everything), or an instant before the previous one
   */
  public Optional<TriggerFired> observe(Instant at, double periodReturn) {
    if (at == null) {
      throw new InvalidInputException("An observation needs the instant its period ended.");
    }
    if (!Double.isFinite(periodReturn) || periodReturn < -1) {
      throw new InvalidInputException(
          "A period return of "
              + periodReturn
              + " is not a return: give simple returns as fractions, at least -1 (-0.02 for a"
              + " 2% loss).");
    }
    if (newest != null && at.isBefore(newest)) {
      throw new InvalidInputException(
          "Observations of "
              + version
              + " must come in time order: "
              + at
              + " is before the previous one, "
              + newest
              + ".");
    }
    newest = at;
    observations++;
    if (sharpe != null) {
      sharpe.add(at, periodReturn);
    }
    drawdown.add(periodReturn);
    losses.add(periodReturn);
    if (fired != null) {
      return Optional.empty();
    }
    fired = judge().orElse(null);
    return Optional.ofNullable(fired);
  }

  private Optional<TriggerFired> judge() {
    RollbackTriggers.SharpeBelow sb = triggers.sharpeBelow();
    if (sb != null) {
      OptionalDouble s = sharpe.value();
      if (s.isPresent() && s.getAsDouble() < sb.value()) {
        return Optional.of(TriggerFired.sharpe(version, s.getAsDouble(), sb.value(), sb.window()));
      }
    }
    Double max = triggers.maxDrawdown();
    if (max != null && drawdown.max() > max) {
      return Optional.of(TriggerFired.drawdown(version, drawdown.max(), max));
    }
    Integer n = triggers.consecutiveLosses();
    if (n != null && losses.length() >= n) {
      return Optional.of(TriggerFired.losses(version, losses.length()));
    }
    return Optional.empty();
  }

  /** The trigger that fired, if one did. */
  public Optional<TriggerFired> fired() {
    return Optional.ofNullable(fired);
  }

  /** How many returns were observed. */
  public long observations() {
    return observations;
  }

  /** The rolling Sharpe ratio now, if the trigger is armed and there is a figure. */
  public OptionalDouble sharpe() {
    return sharpe == null ? OptionalDouble.empty() : sharpe.value();
  }

  /** True once the Sharpe window is covered by this version's observations. */
  public boolean sharpeWindowCovered() {
    return sharpe != null && sharpe.covered();
  }

  /** The largest drawdown since the version went live, from 0 to 1. */
  public double maxDrawdown() {
    return drawdown.max();
  }

  /** The losing periods in a row now. */
  public int lossStreak() {
    return losses.length();
  }
}
