package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One environment's rules in {@code registry.yaml}: its gates, how many approvals it needs, and
 * when a serving process may roll it back by itself ({@link RollbackTriggers}, optional).
 */
@JsonPropertyOrder({"required_approvals", "gates", "rollback_triggers"})
public record EnvironmentPolicy(
    @JsonProperty("required_approvals") Integer requiredApprovals,
    @JsonProperty("gates") Gates gates,
    @JsonProperty("rollback_triggers")
        @JsonInclude(
            value = JsonInclude.Include.CUSTOM,
            valueFilter = RollbackTriggers.IsNone.class)
        RollbackTriggers rollbackTriggers) {

  public EnvironmentPolicy {
    requiredApprovals = requiredApprovals == null ? 0 : requiredApprovals;
    if (requiredApprovals < 0 || requiredApprovals > 10) {
      throw new InvalidInputException(
          "required_approvals must be between 0 and 10, not " + requiredApprovals + ".");
    }
    gates = gates == null ? Gates.none() : gates;
    rollbackTriggers = rollbackTriggers == null ? RollbackTriggers.none() : rollbackTriggers;
  }

  /** An environment without automatic rollback (what every environment had before triggers). */
  public EnvironmentPolicy(Integer requiredApprovals, Gates gates) {
    this(requiredApprovals, gates, null);
  }

  /** This environment's rules with {@code triggers} as its automatic rollback. */
  public EnvironmentPolicy withRollbackTriggers(RollbackTriggers triggers) {
    return new EnvironmentPolicy(requiredApprovals, gates, triggers);
  }
}
