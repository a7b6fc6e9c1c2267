package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON both front ends print: its documented shape, value type by value type. */
class ResultJsonTest {
  record Answer(
      ModelName model,
      ModelVersion version,
      VersionStatus status,
      Sha256 sha256,
      Instant promotedAt,
      Duration took,
      Path storedAt,
      Optional<FailureMark> failure,
      Optional<String> lastVerify,
      boolean alreadyRegistered,
      List<EnvironmentRecord> records) {}

  @Test
  void recordsAreSnakeCaseObjectsOfPlainValues() throws Exception {
    Sha256 sha = Sha256.parse("ab".repeat(32));
    Instant at = Instant.parse("2025-01-15T09:30:00Z");
    EnvironmentRecord rec =
        new EnvironmentRecord("risk_model", "v1.1.0", sha, at, "ops@example.com", "why", List.of());
    String json =
        ResultJson.write(
            new Answer(
                ModelName.of("risk_model"),
                ModelVersion.of("v1.1.0"),
                VersionStatus.PRODUCTION,
                sha,
                at,
                Duration.ofMillis(250),
                Path.of("/srv/store/ab"),
                Optional.empty(),
                Optional.of("yesterday"),
                true,
                List.of(rec)));
    JsonNode n = new ObjectMapper().readTree(json);
    assertEquals("risk_model", n.get("model").asText());
    assertEquals("v1.1.0", n.get("version").asText());
    assertEquals("production", n.get("status").asText());
    assertEquals(sha.hex(), n.get("sha256").asText());
    assertEquals("2025-01-15T09:30:00Z", n.get("promoted_at").asText());
    assertEquals("PT0.25S", n.get("took").asText());
    assertEquals("/srv/store/ab", n.get("stored_at").asText());
    assertEquals(true, n.get("failure").isNull(), json);
    assertEquals("yesterday", n.get("last_verify").asText());
    assertEquals(true, n.get("already_registered").asBoolean());
    assertEquals("2025-01-15T09:30:00Z", n.get("records").get(0).get("promoted_at").asText());
    assertEquals("ops@example.com", n.get("records").get(0).get("promoted_by").asText());
    assertEquals(
        List.of(
            "model",
            "version",
            "status",
            "sha256",
            "promoted_at",
            "took",
            "stored_at",
            "failure",
            "last_verify",
            "already_registered",
            "records"),
        fieldNames(n));
  }

  @Test
  void anErrorIsOneObjectNamingItsKindAndExitStatus() throws Exception {
    JsonNode n = new ObjectMapper().readTree(ResultJson.error("refused", 1, "No such version."));
    assertEquals(
        Map.of("kind", "refused", "exit_status", 1, "message", "No such version."),
        new ObjectMapper().convertValue(n.get("error"), Map.class));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
