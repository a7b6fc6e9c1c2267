package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One environment's rules in {@code registry.yaml}: its gates and how many approvals it needs. */
@JsonPropertyOrder({"required_approvals", "gates"})
public record EnvironmentPolicy(
    @JsonProperty("required_approvals") Integer requiredApprovals,
    @JsonProperty("gates") Gates gates) {

  public EnvironmentPolicy {
    requiredApprovals = requiredApprovals == null ? 0 : requiredApprovals;
    if (requiredApprovals < 0 || requiredApprovals > 10) {
      throw new InvalidInputException(
          "required_approvals must be between 0 and 10, not " + requiredApprovals + ".");
    }
    gates = gates == null ? Gates.none() : gates;
  }
}
