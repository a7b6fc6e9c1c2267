package dev.modelregistry.model;

/**
 * The kinds of automatic rollback an environment's {@link RollbackTriggers} can arm, each named by
 * its key in {@code registry.yaml}.
 */
public enum RollbackTrigger {
  /** The live version's rolling Sharpe ratio fell below a threshold over a window. */
  SHARPE_BELOW("sharpe_below"),
  /** The live version's equity fell further from its peak than allowed. */
  MAX_DRAWDOWN("max_drawdown"),
  /** The live version lost too many periods in a row. */
  CONSECUTIVE_LOSSES("consecutive_losses"),
  /** The serving process could not load or verify the live version. */
  ON_LOAD_FAILURE("on_load_failure");

  private final String key;

  RollbackTrigger(String key) {
    this.key = key;
  }

  /** The trigger's key under {@code rollback_triggers:} ({@code "sharpe_below"}). */
  public String key() {
    return key;
  }
}
