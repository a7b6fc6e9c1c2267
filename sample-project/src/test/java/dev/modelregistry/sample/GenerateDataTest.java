package dev.modelregistry.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GenerateDataTest {

  /** The shipped data file; surefire runs with the module directory as working directory. */
  static final Path SHIPPED =
      Path.of(System.getProperty("basedir", "."), "src/main/data/daily-returns.csv");

  @Test
  void shippedCsvIsExactlyWhatTheGeneratorProduces() throws IOException {
    // If this fails, the committed file and the generator disagree: regenerate (see GenerateData)
    // and accept that the data set's version id changes.
    StringWriter w = new StringWriter();
    GenerateData.generate(w);
    String shipped = Files.readString(SHIPPED, StandardCharsets.UTF_8);
    assertEquals(w.toString(), shipped);
  }

  @Test
  void shippedCsvHasTheAdvertisedShapeAndSize() throws IOException {
    var rows = ReturnsCsv.read(SHIPPED);
    assertEquals(GenerateData.ASSETS * GenerateData.TRADING_DAYS, rows.size());
    assertEquals(GenerateData.TRADING_DAYS, Backtest.byDate(rows).size());
    assertTrue(Files.size(SHIPPED) < 600 * 1024, "data file must stay under 600 KiB");
  }
}
