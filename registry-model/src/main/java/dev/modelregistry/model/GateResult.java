package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One gate's verdict on one version: what was required, what was found, whether it passed. Kept in
 * the environment record so that the audit trail shows why a version was let in.
 */
@JsonPropertyOrder({"gate", "required", "actual", "passed"})
public record GateResult(
    @JsonProperty(value = "gate", required = true) String gate,
    @JsonProperty("required") String required,
    @JsonProperty("actual") String actual,
    @JsonProperty("passed") boolean passed) {}
