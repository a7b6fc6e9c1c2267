package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an environment runs for one model: the content of {@code <environment>/<model>.yaml} on the
 * environment's branch ({@code production/risk_model.yaml}).
 */
@JsonPropertyOrder({
  "model",
  "version",
  "sha256",
  "promoted_at",
  "promoted_by",
  "reason",
  "gates",
  "datasets_in_force",
  "dataset_mode"
})
public record EnvironmentRecord(
    @JsonProperty(value = "model", required = true) String model,
    @JsonProperty(value = "version", required = true) String version,
    @JsonProperty(value = "sha256", required = true) Sha256 sha256,
    @JsonProperty("promoted_at") Instant promotedAt,
    @JsonProperty("promoted_by") String promotedBy,
    @JsonProperty("reason") String reason,
    @JsonProperty("gates") List<GateResult> gates,
    @JsonProperty("datasets_in_force") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, String> datasetsInForce,
    @JsonProperty("dataset_mode") @JsonInclude(JsonInclude.Include.NON_NULL) String datasetMode) {

  /** How the dataset gate judged drift: {@code strict} blocks it, {@code lenient} only warns. */
  public static final String STRICT = "strict";

  public static final String LENIENT = "lenient";

  /**
   * The record.
   *
   * @param datasetsInForce the dataset versions in force when the gates ran (what the dataset gate
   *     compared with), so that {@code verify} can run the gate again; empty if none were given
   * @param datasetMode {@link #STRICT} or {@link #LENIENT}; null where no dataset gate ran
   */
  public EnvironmentRecord {
    ModelName.of(model);
    ModelVersion.of(version);
    gates = gates == null ? List.of() : List.copyOf(gates);
    datasetsInForce =
        datasetsInForce == null
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(datasetsInForce));
    if (datasetMode != null && !datasetMode.equals(STRICT) && !datasetMode.equals(LENIENT)) {
      throw new InvalidInputException(
          "dataset_mode must be 'strict' or 'lenient', not " + Display.quote(datasetMode) + ".");
    }
  }

  /** A record without dataset versions (a rollback's, or one written before they were recorded). */
  public EnvironmentRecord(
      String model,
      String version,
      Sha256 sha256,
      Instant promotedAt,
      String promotedBy,
      String reason,
      List<GateResult> gates) {
    this(model, version, sha256, promotedAt, promotedBy, reason, gates, null, null);
  }

  public ModelName modelName() {
    return ModelName.of(model);
  }

  public ModelVersion modelVersion() {
    return ModelVersion.of(version);
  }
}
