package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesAndVersionsTest {

  @ParameterizedTest
  @ValueSource(strings = {"risk_model", "alpha-baseline", "a", "m.v2", "0abc", "_x"})
  void acceptsValidNames(String name) {
    assertEquals(name, ModelName.of(name).value());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a/b",
        "..",
        "a..b",
        "../etc",
        "has space",
        "Upper",
        "",
        ".hidden",
        "a\nb",
        "a\\b"
      })
  void refusesInvalidNamesWithTheRule(String name) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelName.of(name));
    assertTrue(e.getMessage().contains(ModelName.RULE), e.getMessage());
  }

  @Test
  void refusesNamesOver64Characters() {
    ModelName.of("a".repeat(64));
    assertThrows(InvalidInputException.class, () -> ModelName.of("a".repeat(65)));
    assertThrows(InvalidInputException.class, () -> ModelName.of(null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v1.0.0",
        "v1.2.3-rc.1",
        "v10.20.30",
        "v1.0.0-alpha-1",
        "v20250117",
        "v20250117.2"
      })
  void acceptsValidVersions(String v) {
    assertEquals(v, ModelVersion.of(v).value());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.0",
        "v1",
        "latest",
        "v1.0.0/../x",
        "v1.0",
        "1.0.0",
        "v01.0.0",
        "v1.0.0+build",
        "v20251301",
        "v1.0.0-",
        " v1.0.0"
      })
  void refusesInvalidVersionsWithTheRule(String v) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelVersion.of(v));
    assertTrue(e.getMessage().contains("semantic version"), e.getMessage());
  }

  @Test
  void calendarVersionsNeedThePolicy() {
    assertThrows(InvalidInputException.class, () -> VersionRule.semanticOnly().parse("v20250117"));
    assertTrue(new VersionRule(true).parse("v20250117").isCalendar());
    assertFalse(VersionRule.semanticOnly().parse("v1.0.0").isCalendar());
  }

  @Test
  void ordersBySemanticVersionPrecedence() {
    List<ModelVersion> sorted =
        new ArrayList<>(
            List.of(
                    "v1.10.0",
                    "v1.2.0",
                    "v1.0.0",
                    "v1.0.0-rc.1",
                    "v1.0.0-alpha",
                    "v1.0.0-rc.10",
                    "v1.0.0-rc.2")
                .stream()
                .map(ModelVersion::of)
                .toList());
    sorted.sort(null);
    assertEquals(
        List.of(
            "v1.0.0-alpha",
            "v1.0.0-rc.1",
            "v1.0.0-rc.2",
            "v1.0.0-rc.10",
            "v1.0.0",
            "v1.2.0",
            "v1.10.0"),
        sorted.stream().map(ModelVersion::value).toList());
    assertTrue(ModelVersion.of("v20250117.2").compareTo(ModelVersion.of("v20250117")) > 0);
  }

  @Test
  void checksumLineRoundTripsInSha256sumFormat() {
    Sha256 sha = Sha256.parse("AB".repeat(32));
    ChecksumLine line = new ChecksumLine(sha, "model.pkl");
    assertEquals("ab".repeat(32) + "  model.pkl\n", line.format());
    assertEquals(line, ChecksumLine.parse(line.format()));
    assertThrows(InvalidInputException.class, () -> new ChecksumLine(sha, "../model.pkl"));
    assertThrows(InvalidInputException.class, () -> Sha256.parse("abc"));
  }

  @Test
  void thresholdsAndTimeSpansParseAndPrint() {
    MetricThreshold t = MetricThreshold.parse("> 0.02");
    assertTrue(t.isMetBy(0.03));
    assertFalse(t.isMetBy(0.02));
    assertEquals("> 0.02", t.toString());
    assertTrue(MetricThreshold.parse(">=0.5").isMetBy(0.5));
    assertThrows(InvalidInputException.class, () -> MetricThreshold.parse("bigger than 2"));
    assertEquals(java.time.Duration.ofHours(24), TimeSpan.parse("24h").duration());
    assertEquals(java.time.Duration.ofDays(2), TimeSpan.parse("PT48H").duration());
    assertEquals("24h", TimeSpan.parse("PT24H").toString());
    assertThrows(InvalidInputException.class, () -> TimeSpan.parse("a day"));
  }
}
