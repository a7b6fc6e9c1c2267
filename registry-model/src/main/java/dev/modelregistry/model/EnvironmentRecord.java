package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * What an environment runs for one model: the content of {@code <environment>/<model>.yaml} on the
 * environment's branch ({@code production/risk_model.yaml}).
 */
@JsonPropertyOrder({"model", "version", "sha256", "promoted_at", "promoted_by", "reason", "gates"})
public record EnvironmentRecord(
    @JsonProperty(value = "model", required = true) String model,
    @JsonProperty(value = "version", required = true) String version,
    @JsonProperty(value = "sha256", required = true) Sha256 sha256,
    @JsonProperty("promoted_at") Instant promotedAt,
    @JsonProperty("promoted_by") String promotedBy,
    @JsonProperty("reason") String reason,
    @JsonProperty("gates") List<GateResult> gates) {

  public EnvironmentRecord {
    ModelName.of(model);
    ModelVersion.of(version);
    gates = gates == null ? List.of() : List.copyOf(gates);
  }

  public ModelName modelName() {
    return ModelName.of(model);
  }

  public ModelVersion modelVersion() {
    return ModelVersion.of(version);
  }
}
