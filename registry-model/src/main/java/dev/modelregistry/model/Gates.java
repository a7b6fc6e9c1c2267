package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a version must show to enter an environment ({@code gates:} of an environment in {@code
 * registry.yaml}): metric thresholds, minimum time spent in other environments, and whether its
 * dataset versions must match the ones in force. "Not failed" and "artifact valid" always apply.
 */
@JsonPropertyOrder({"metrics", "min_time_in", "dataset_compatibility"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Gates(
    @JsonProperty("metrics") Map<String, MetricThreshold> metrics,
    @JsonProperty("min_time_in") Map<String, TimeSpan> minTimeIn,
    @JsonProperty("dataset_compatibility") Boolean datasetCompatibility) {

  public Gates {
    metrics = sortedCopy(metrics);
    minTimeIn = sortedCopy(minTimeIn);
    datasetCompatibility = datasetCompatibility == null ? Boolean.TRUE : datasetCompatibility;
  }

  /** No thresholds, no minimum time; dataset compatibility checked. */
  public static Gates none() {
    return new Gates(null, null, null);
  }

  /** The seeds' production gates: {@code ic > 0.02}, {@code sharpe > 0.5}. */
  public static Gates seedsProduction() {
    Map<String, MetricThreshold> m = new LinkedHashMap<>();
    m.put("ic", MetricThreshold.parse("> 0.02"));
    m.put("sharpe", MetricThreshold.parse("> 0.5"));
    return new Gates(m, null, true);
  }

  private static <V> Map<String, V> sortedCopy(Map<String, V> map) {
    return map == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(map)));
  }
}
