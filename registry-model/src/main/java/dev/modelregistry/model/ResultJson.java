package dev.modelregistry.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdDelegatingSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.util.StdConverter;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON that front ends print for scripts (the CLI's {@code --json}, the goals' {@code
 * registry.format=json}): one document per answer, the same shape from every front end.
 *
 * <p>The shape, kept stable: an answer's result record as a JSON object whose field names are the
 * record's components in {@code snake_case} ({@code alreadyRegistered} becomes {@code
 * already_registered}), in declaration order; names the registry's files already use ({@code
 * promoted_at}) stay as they are. Model names, versions, checksums and statuses are strings ({@code
 * "v1.1.0"}, {@code "staged"}); instants are ISO-8601 in UTC, durations ISO-8601 ({@code PT0.25S});
 * paths are strings; an absent optional value is {@code null}, and fields that are null are still
 * written, so a field's presence never depends on the answer. A list answer is an object with one
 * field holding the list ({@code {"versions": [...]}}), so fields can be added later. An error is
 * {@link #error}.
 */
public final class ResultJson {
  private static final ObjectWriter WRITER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .addModule(new JavaTimeModule())
          .addModule(
              new SimpleModule("registry-result-json")
                  .addSerializer(Path.class, ToStringSerializer.instance)
                  .addSerializer(
                      Optional.class, new StdDelegatingSerializer(new OptionalContent())))
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build()
          .writerWithDefaultPrettyPrinter();

  private ResultJson() {}

  /** {@code result} as one pretty-printed JSON document, ending with a line break. */
  public static String write(Object result) {
    try {
      return WRITER.writeValueAsString(result) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write JSON for " + result.getClass().getSimpleName(), e);
    }
  }

  /**
   * The document for an error: {@code {"error": {"kind": ..., "exit_status": ..., "message":
   * ...}}}, where {@code kind} is {@code refused}, {@code unavailable}, {@code outcome_unknown},
   * {@code usage} or {@code internal}.
   */
  public static String error(String kind, int exitStatus, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("kind", kind);
    error.put("exit_status", exitStatus);
    error.put("message", message);
    return write(Map.of("error", error));
  }

  /** Writes an {@link Optional} as its content, or null. */
  private static final class OptionalContent extends StdConverter<Optional<?>, Object> {
    @Override
    public Object convert(Optional<?> value) {
      return value.orElse(null);
    }
  }
}
