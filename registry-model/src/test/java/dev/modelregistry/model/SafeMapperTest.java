package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeMapperTest {
  @TempDir Path dir;

  private static ModelMetadata metadata(String yaml) {
    return SafeMapper.readYaml(yaml, ModelMetadata.class, "metadata.yaml");
  }

  private static String refusal(String yaml) {
    return assertThrows(InvalidInputException.class, () -> metadata(yaml)).getMessage();
  }

  @Test
  void metricsAloneAreEnough() {
    ModelMetadata m = metadata("metrics:\n  ic: 0.05\n  sharpe: 1.2\n");
    assertEquals(Map.of("ic", 0.05, "sharpe", 1.2), m.metrics());
  }

  @Test
  void fullMetadataRoundTrips() {
    ModelMetadata m =
        new ModelMetadata(
            "risk_model",
            "v1.10.0",
            "id-1",
            "risk_model",
            Instant.parse("2025-01-15T10:00:00Z"),
            "d",
            Map.of("crsp", "v1.2.3", "compustat", "v1.0.1"),
            "snap_1",
            List.of("momentum", "value"),
            Map.of("halflife_days", 60, "nested", Map.of("a", List.of(1, 2))),
            Map.of("ic", 0.05),
            Map.of("java", "17"),
            Map.of("learning_rate", 0.01),
            null);
    String yaml = SafeMapper.writeYaml(m);
    assertTrue(yaml.contains("version: \"v1.10.0\""), yaml);
    assertEquals(m, metadata(yaml));
  }

  @Test
  void instantsAreIsoTextWrittenInUtcAndReadWithOrWithoutAnOffset() {
    ModelMetadata utc = metadata("created_at: 2025-01-15T10:00:00Z\nmetrics: {ic: 0.05}\n");
    assertEquals(Instant.parse("2025-01-15T10:00:00Z"), utc.createdAt());
    ModelMetadata quoted =
        metadata("created_at: \"2025-01-15T11:00:00.250+01:00\"\nmetrics: {ic: 0.05}\n");
    assertEquals(Instant.parse("2025-01-15T10:00:00.250Z"), quoted.createdAt());
    assertTrue(
        SafeMapper.writeYaml(utc).contains("created_at: \"2025-01-15T10:00:00Z\""),
        SafeMapper.writeYaml(utc));
  }

  @Test
  void instantsThatAreNotIsoTextAreRefusedSayingHowToWriteThem() {
    for (String bad : List.of("1736935200", "2025-01-15", "yesterday", "[2025]")) {
      String message = refusal("created_at: " + bad + "\nmetrics: {ic: 0.05}\n");
      assertTrue(message.contains("metadata.yaml"), message);
      assertTrue(message.contains("2026-12-01T09:30:00Z"), bad + ": " + message);
    }
  }

  @Test
  void versionsStayStringsEvenWhenTheyLookLikeNumbers() {
    ModelMetadata m =
        metadata("dataset_version_ids:\n  crsp: 1.10\n  flag: NO\nmetrics: {ic: 0.1}\n");
    assertEquals("1.10", m.datasetVersionIds().get("crsp"));
    assertEquals("NO", m.datasetVersionIds().get("flag"));
  }

  @Test
  void refusesUnknownFieldsNamingTheKnownOnes() {
    String msg = refusal("metrix:\n  ic: 0.05\n");
    assertTrue(msg.contains("unknown field 'metrix'") && msg.contains("metrics"), msg);
  }

  @Test
  void refusesDuplicateKeys() {
    assertTrue(refusal("metrics:\n  ic: 0.05\n  ic: 0.9\n").contains("ic"));
  }

  @Test
  void refusesExplicitTags() {
    String msg =
        refusal(
            "metrics: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n");
    assertTrue(msg.contains("tag"), msg);
    assertTrue(refusal("description: !!str hello\n").contains("tag"));
  }

  @Test
  void refusesAnchorsAndAliasesIncludingAliasBombs() {
    StringBuilder bomb =
        new StringBuilder(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(p)
          .append(",*")
          .append(p)
          .append(",*")
          .append(p)
          .append(",*")
          .append(p)
          .append(",*")
          .append(p)
          .append(",*")
          .append(p)
          .append("]\n");
    }
    String msg =
        assertThrows(
                InvalidInputException.class,
                () ->
                    SafeMapper.readYaml(
                        "parameters:\n" + bomb.toString().indent(2), ModelMetadata.class, "m.yaml"))
            .getMessage();
    assertTrue(msg.contains("anchor") || msg.contains("alias"), msg);
    assertTrue(refusal("parameters:\n  x: &x 1\n  y: *x\n").contains("anchor"));
  }

  @Test
  void refusesHugeDocumentsBeforeParsing() throws Exception {
    Path big = dir.resolve("big.yaml");
    byte[] text =
        ("description: \"" + "x".repeat(10 << 20) + "\"\n").getBytes(StandardCharsets.UTF_8);
    Files.write(big, text);
    String msg =
        assertThrows(InvalidInputException.class, () -> SafeMapper.read(big, ModelMetadata.class))
            .getMessage();
    assertTrue(msg.contains("larger than 1024 KiB"), msg);
  }

  @Test
  void refusesDeepNesting() {
    String deep = "parameters:\n  x: " + "[".repeat(200) + "]".repeat(200) + "\n";
    assertThrows(InvalidInputException.class, () -> metadata(deep));
  }

  @Test
  void refusesMalformedYamlAndNonFiniteMetrics() {
    assertTrue(refusal("metrics: [unclosed\n").contains("metadata.yaml"));
    String nan = refusal("metrics:\n  ic: .nan\n");
    assertTrue(nan.contains("numeric"), nan);
    assertTrue(
        assertThrows(
                InvalidInputException.class,
                () -> ModelMetadata.ofMetrics(Map.of("ic", Double.NaN)))
            .getMessage()
            .contains("finite"));
    assertTrue(refusal("metrics:\n  ic: high\n").contains("metadata.yaml"));
    assertTrue(refusal("   \n").contains("empty"));
    assertTrue(refusal("a: 1\n---\nb: 2\n").contains("more than one"));
  }

  @Test
  void readsJsonFilesWithTheSameRules() throws Exception {
    Path json = dir.resolve("m.json");
    Files.writeString(json, "{\"metrics\": {\"ic\": 1e-2}, \"factor_list\": [\"a\"]}");
    assertEquals(0.01, SafeMapper.read(json, ModelMetadata.class).metrics().get("ic"));
    Files.writeString(json, "{\"metrics\": {\"ic\": 1}, \"metrics\": {}}");
    assertThrows(InvalidInputException.class, () -> SafeMapper.read(json, ModelMetadata.class));
  }

  @Test
  void refusesSymlinkedAndMissingFiles() throws Exception {
    Path real = dir.resolve("real.yaml");
    Files.writeString(real, "metrics: {ic: 0.1}\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), real);
    assertTrue(
        assertThrows(InvalidInputException.class, () -> SafeMapper.read(link, ModelMetadata.class))
            .getMessage()
            .contains("symbolic link"));
    assertThrows(
        InvalidInputException.class,
        () -> SafeMapper.read(dir.resolve("none.yaml"), ModelMetadata.class));
  }

  @Test
  void policyRoundTripsAndDefaultsHaveTheSeedsGates() {
    Policy p = Policy.defaults(List.of("ops@example.com ssh-ed25519 AAAA"));
    String yaml = SafeMapper.writeYaml(p);
    assertTrue(yaml.contains("ic: \"> 0.02\"") && yaml.contains("sharpe: \"> 0.5\""), yaml);
    assertEquals(p, SafeMapper.readYaml(yaml, Policy.class, "registry.yaml"));
    String msg =
        assertThrows(
                InvalidInputException.class,
                () ->
                    SafeMapper.readYaml(
                        "format_version: 2\nenvironments: {production: {}}\n",
                        Policy.class,
                        "registry.yaml"))
            .getMessage();
    assertTrue(msg.contains("format_version 2"), msg);
    assertThrows(
        InvalidInputException.class,
        () ->
            SafeMapper.readYaml(
                "format_version: 1\nenvironments: {paper: {}}\n", Policy.class, "registry.yaml"));
  }

  @Test
  void completionFillsOnlyWhatIsMissingAndRetryComparesWhatWasGiven() {
    ModelMetadata given = metadata("metrics: {ic: 0.05}\nconfig: {b: 1, a: 2}\n");
    ModelMetadata stored =
        given.completedFor(
            ModelName.of("m"),
            ModelVersion.of("v1.0.0"),
            () -> "id-9",
            Instant.parse("2025-01-01T00:00:00Z"),
            Map.of("java.version", "17"));
    assertEquals("id-9", stored.modelId());
    assertEquals("m", stored.model());
    assertTrue(stored.configHash().startsWith("sha256:"));
    assertEquals(Map.of("java.version", "17"), stored.env());
    assertTrue(stored.sameAsSubmitted(given));
    assertTrue(stored.sameAsSubmitted(metadata("config: {a: 2, b: 1}\nmetrics: {ic: 0.05}\n")));
    assertTrue(!stored.sameAsSubmitted(metadata("metrics: {ic: 0.06}\nconfig: {b: 1, a: 2}\n")));
    assertThrows(
        InvalidInputException.class,
        () ->
            metadata("version: \"v2.0.0\"\n")
                .completedFor(
                    ModelName.of("m"),
                    ModelVersion.of("v1.0.0"),
                    () -> "x",
                    Instant.EPOCH,
                    Map.of()));
  }
}
