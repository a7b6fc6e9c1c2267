package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.Optional;

/**
 * When a serving process rolls its environment back by itself ({@code rollback_triggers:} of an
 * environment in {@code registry.yaml}), judged on the live version's own record since it went live
 * (see {@link TriggerWatch} for the arithmetic):
 *
 * <pre>{@code
 * rollback_triggers:
 *   sharpe_below: {value: 1.0, for: 24h}   # annualised rolling Sharpe below 1.0 over 24 h
 *   max_drawdown: 0.25                     # equity more than 25% below its peak
 *   consecutive_losses: 10                 # 10 losing periods in a row
 *   on_load_failure: true                  # the live version fails to load or verify
 * }</pre>
 *
 * <p>Every trigger is optional; a block without any (or no block) means no automatic rollback.
 *
 * @param sharpeBelow fires when the rolling Sharpe ratio over the window is below the value
 * @param maxDrawdown fires when the fall from the equity peak exceeds this fraction (0 to 1,
 *     exclusive)
 * @param consecutiveLosses fires when this many periods in a row lost (at least 1)
 * @param onLoadFailure fires when the serving process cannot load or verify the live version
 */
@JsonPropertyOrder({"sharpe_below", "max_drawdown", "consecutive_losses", "on_load_failure"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackTriggers(
    @JsonProperty("sharpe_below") SharpeBelow sharpeBelow,
    @JsonProperty("max_drawdown") Double maxDrawdown,
    @JsonProperty("consecutive_losses") @JsonDeserialize(using = WholeNumber.class)
        Integer consecutiveLosses,
    @JsonProperty("on_load_failure") Boolean onLoadFailure) {

  /** The most consecutive losses a trigger may wait for; beyond it the trigger is a typo. */
  public static final int MAX_CONSECUTIVE_LOSSES = 1_000_000;

  public RollbackTriggers {
    if (maxDrawdown != null && !(maxDrawdown > 0 && maxDrawdown < 1)) {
      throw new InvalidInputException(
          "rollback_triggers.max_drawdown is "
              + maxDrawdown
              + " in registry.yaml; it is the fall from the equity peak as a fraction, more than 0"
              + " and less than 1 (0.25 for 25%).");
    }
    if (consecutiveLosses != null
        && (consecutiveLosses < 1 || consecutiveLosses > MAX_CONSECUTIVE_LOSSES)) {
      throw new InvalidInputException(
          "rollback_triggers.consecutive_losses is "
              + consecutiveLosses
              + " in registry.yaml; it must be a whole number from 1 to "
              + MAX_CONSECUTIVE_LOSSES
              + " (leave it out for no such trigger).");
    }
    onLoadFailure = onLoadFailure != null && onLoadFailure;
  }

  /** No automatic rollback: what an environment without {@code rollback_triggers:} has. */
  public static RollbackTriggers none() {
    return new RollbackTriggers(null, null, null, false);
  }

  /** True if no trigger is armed. */
  @JsonIgnore // not a field of registry.yaml
  public boolean isNone() {
    return equals(none());
  }

  /** True if {@code trigger} is armed. */
  public boolean arms(RollbackTrigger trigger) {
    return switch (trigger) {
      case SHARPE_BELOW -> sharpeBelow != null;
      case MAX_DRAWDOWN -> maxDrawdown != null;
      case CONSECUTIVE_LOSSES -> consecutiveLosses != null;
      case ON_LOAD_FAILURE -> onLoadFailure;
    };
  }

  /**
   * The trigger fired by a failure to load or verify {@code version}, the version the environment
   * runs; empty unless {@code on_load_failure} is armed.
   *
   * @param failure what went wrong, as the loader said it (escaped and shortened in the reason)
   */
  public Optional<TriggerFired> loadFailure(String version, String failure) {
    return onLoadFailure
        ? Optional.of(TriggerFired.loadFailure(ModelVersion.of(version).value(), failure))
        : Optional.empty();
  }

  /**
   * The Sharpe trigger: fires when the annualised Sharpe ratio of the returns observed over the
   * last {@code window} is below {@code value}.
   *
   * @param value the threshold, any finite number
   * @param window how far back the ratio looks ({@code for:}, as {@code 24h}); more than zero
   */
  @JsonPropertyOrder({"value", "for"})
  public record SharpeBelow(
      @JsonProperty("value") Double value, @JsonProperty("for") TimeSpan window) {

    public SharpeBelow {
      if (value == null || !Double.isFinite(value)) {
        throw new InvalidInputException(
            "rollback_triggers.sharpe_below needs a finite value, the threshold: for example"
                + " {value: 1.0, for: 24h} (its fields are value and for).");
      }
      if (window == null || window.duration().isZero()) {
        throw new InvalidInputException(
            "rollback_triggers.sharpe_below needs 'for', a window longer than zero over which the"
                + " Sharpe ratio is computed: for example {value: 1.0, for: 24h} (its fields are value and"
                + " for).");
      }
    }
  }

  /**
   * Leaves {@code rollback_triggers:} out of a written {@code registry.yaml} while it arms nothing,
   * so that a policy without triggers reads and writes as before they existed.
   */
  static final class IsNone {
    @Override
    public boolean equals(Object value) {
      return value == null || value.equals(none());
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
