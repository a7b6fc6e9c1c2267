package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What is known about one model version: the content of {@code metadata.yaml}. Field names follow
 * the seeds' {@code ModelMetadata} (snake_case in YAML). Only {@code metrics} is needed in the file
 * a training build hands in; {@link #completedFor} fills in the rest.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "model", "version", "model_id", "model_type", "created_at", "description", "dataset_version_ids",
  "snapshot_id", "factor_list", "parameters", "metrics", "env", "config", "config_hash"
})
public record ModelMetadata(
    @JsonProperty("model") String model,
    @JsonProperty("version") String version,
    @JsonProperty("model_id") String modelId,
    @JsonProperty("model_type") String modelType,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("description") String description,
    @JsonProperty("dataset_version_ids") Map<String, String> datasetVersionIds,
    @JsonProperty("snapshot_id") String snapshotId,
    @JsonProperty("factor_list") List<String> factorList,
    @JsonProperty("parameters") Map<String, Object> parameters,
    @JsonProperty("metrics") Map<String, Double> metrics,
    @JsonProperty("env") Map<String, String> env,
    @JsonProperty("config") Map<String, Object> config,
    @JsonProperty("config_hash") String configHash) {

  public ModelMetadata {
    datasetVersionIds = sorted(datasetVersionIds);
    parameters = sorted(parameters);
    metrics = sorted(metrics);
    env = sorted(env);
    config = sorted(config);
    factorList = factorList == null ? List.of() : List.copyOf(factorList);
    for (Map.Entry<String, Double> m : metrics.entrySet()) {
      if (m.getValue() == null || !Double.isFinite(m.getValue())) {
        throw new InvalidInputException(
            "Metric "
                + Display.quote(m.getKey())
                + " must be a finite number, not "
                + m.getValue()
                + ".");
      }
    }
    if (model != null) {
      ModelName.of(model);
    }
    if (version != null) {
      ModelVersion.of(version);
    }
  }

  /** Metadata holding nothing but metrics. */
  public static ModelMetadata ofMetrics(Map<String, Double> metrics) {
    return new ModelMetadata(
        null, null, null, null, null, null, null, null, null, null, metrics, null, null, null);
  }

  /**
   * Returns this metadata completed for registration as {@code name} {@code version}: fields the
   * training build left out are filled ({@code model_id}, {@code created_at}, {@code env}, {@code
   * config_hash}). A {@code model} or {@code version} field that names another model or version is
   * refused: it would make the version directory lie about what it holds.
   */
  public ModelMetadata completedFor(
      ModelName name,
      ModelVersion version,
      Supplier<String> newId,
      Instant now,
      Map<String, String> capturedEnv) {
    if (this.model != null && !this.model.equals(name.value())) {
      throw new InvalidInputException(
          "The metadata says model "
              + Display.quote(this.model)
              + " but it is being registered as "
              + Display.quote(name.value())
              + ": remove 'model' from the metadata file or make them agree.");
    }
    if (this.version != null && !this.version.equals(version.value())) {
      throw new InvalidInputException(
          "The metadata says version "
              + Display.quote(this.version)
              + " but it is being registered as "
              + Display.quote(version.value())
              + ": remove 'version' from the metadata file or make them agree.");
    }
    return new ModelMetadata(
        name.value(),
        version.value(),
        modelId != null ? modelId : newId.get(),
        modelType,
        createdAt != null ? createdAt : now,
        description,
        datasetVersionIds,
        snapshotId,
        factorList,
        parameters,
        metrics,
        env.isEmpty() ? capturedEnv : env,
        config,
        configHash != null || config.isEmpty() ? configHash : ConfigHash.of(config));
  }

  /**
   * True when {@code incoming} (as a training build handed it in, before completion) describes the
   * same version as this stored metadata: every field it gives is equal, and the fields it left to
   * be filled in are ignored. This is what makes an identical retry of a registration a no-op.
   */
  public boolean sameAsSubmitted(ModelMetadata incoming) {
    ModelMetadata filled =
        new ModelMetadata(
            incoming.model != null ? incoming.model : model,
            incoming.version != null ? incoming.version : version,
            incoming.modelId != null ? incoming.modelId : modelId,
            incoming.modelType,
            incoming.createdAt != null ? incoming.createdAt : createdAt,
            incoming.description,
            incoming.datasetVersionIds,
            incoming.snapshotId,
            incoming.factorList,
            incoming.parameters,
            incoming.metrics,
            incoming.env.isEmpty() ? env : incoming.env,
            incoming.config,
            incoming.configHash != null ? incoming.configHash : configHash);
    return filled.equals(this);
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, V> copy = new TreeMap<>();
    for (Map.Entry<String, V> e : map.entrySet()) {
      if (e.getKey() == null) {
        throw new InvalidInputException("A metadata map has an empty key.");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(copy));
  }
}
