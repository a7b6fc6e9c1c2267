package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsingTest {
  @Test
  void instantsInTheFormsPeopleType() {
    ZoneId ny = ZoneId.of("America/New_York");
    assertEquals(Instant.parse("2025-01-15T10:00:00Z"), Instants.parse("2025-01-15T10:00:00Z", ny));
    assertEquals(
        Instant.parse("2025-01-15T09:00:00Z"), Instants.parse("2025-01-15T10:00+01:00", ny));
    assertEquals(Instant.parse("2025-01-15T15:00:00Z"), Instants.parse("2025-01-15T10:00", ny));
    assertEquals(Instant.parse("2025-01-15T05:00:00Z"), Instants.parse("2025-01-15", ny));
    String msg =
        assertThrows(InvalidInputException.class, () -> Instants.parse("yesterday 10am", ny))
            .getMessage();
    assertTrue(msg.contains("2025-01-15T10:00:00Z"), msg);
  }

  @Test
  void datasetVersions() {
    assertEquals(
        Map.of("crsp", "v1.2.4", "compustat", "v1.0.1"),
        DatasetVersions.parse("crsp=v1.2.4, compustat=v1.0.1"));
    assertEquals(Map.of(), DatasetVersions.parse(" "));
    assertThrows(InvalidInputException.class, () -> DatasetVersions.parse("crsp"));
    assertThrows(InvalidInputException.class, () -> DatasetVersions.parse("a=1,a=2"));
  }
}
