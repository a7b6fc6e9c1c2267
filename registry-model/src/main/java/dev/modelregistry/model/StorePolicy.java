package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where new artifacts are stored ({@code store:} in {@code registry.yaml}). {@code local} is a
 * content-addressed directory; a relative {@code path} is taken from the registry's Git directory,
 * so the embedded registry keeps its bytes beside its history.
 */
@JsonPropertyOrder({"type", "path"})
public record StorePolicy(@JsonProperty("type") String type, @JsonProperty("path") String path) {

  public StorePolicy {
    type = type == null ? "local" : type;
    if (!type.equals("local")) {
      throw new InvalidInputException(
          "Artifact store type " + Display.quote(type) + " is not supported yet: use 'local'.");
    }
    path = path == null || path.isBlank() ? "artifacts" : path;
    if (path.chars().anyMatch(c -> c < 0x20)) {
      throw new InvalidInputException("store.path has control characters: " + Display.quote(path));
    }
  }

  /** The embedded default: {@code artifacts/} inside the registry's Git directory. */
  public static StorePolicy embedded() {
    return new StorePolicy("local", "artifacts");
  }
}
