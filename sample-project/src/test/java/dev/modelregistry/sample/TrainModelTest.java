package dev.modelregistry.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainModelTest {

  @TempDir Path out;

  @Test
  void shippedDataPassesTheProductionGatesAndWritesBothFiles() throws IOException {
    TrainModel.Result r = TrainModel.run(GenerateDataTest.SHIPPED, out, "v1.0.0", 1.0);
    Backtest.Result m = r.run().metrics();
    // The registry's production gates.
    assertTrue(m.ic() > 0.02, "IC " + m.ic());
    assertTrue(m.sharpe() > 0.5, "Sharpe " + m.sharpe());
    assertTrue(m.maxDrawdown() < 0 && m.maxDrawdown() > -1, "max drawdown " + m.maxDrawdown());
    assertTrue(m.hitRate() > 0 && m.hitRate() < 1, "hit rate " + m.hitRate());
    // 70% of 600 dates train, 30% are held out.
    assertEquals(420 * GenerateData.ASSETS, r.run().trainRows());
    assertEquals(180, m.days());

    String hash = TrainModel.sha256Prefix(GenerateDataTest.SHIPPED);
    assertTrue(hash.matches("[0-9a-f]{12}"), hash);

    List<String> yaml = Files.readAllLines(out.resolve("metadata.yaml"));
    List<String> topLevelKeys =
        yaml.stream()
            .filter(l -> !l.startsWith(" "))
            .map(l -> l.substring(0, l.indexOf(':')))
            .toList();
    assertEquals(
        List.of(
            "model_type",
            "description",
            "dataset_version_ids",
            "snapshot_id",
            "factor_list",
            "parameters",
            "metrics",
            "config"),
        topLevelKeys);
    assertTrue(yaml.contains("model_type: \"alpha_weights\""));
    assertTrue(yaml.contains("  daily_returns: \"sha256:" + hash + "\""));
    assertTrue(yaml.contains("snapshot_id: \"snap_" + hash + "\""));
    assertTrue(yaml.contains("factor_list: [\"momentum\", \"value\", \"size\", \"quality\"]"));
    assertTrue(yaml.contains("  ridge_lambda: 1.0"));
    assertTrue(yaml.contains("  train_fraction: 0.7"));
    assertTrue(yaml.contains("  data_file: \"daily-returns.csv\""));
    // Metrics are unquoted numbers with at most 6 decimals.
    Pattern number = Pattern.compile("  (ic|sharpe|max_drawdown|hit_rate): -?\\d+\\.\\d{1,6}");
    assertEquals(
        4, yaml.stream().filter(l -> number.matcher(l).matches()).count(), String.join("\n", yaml));

    String json = Files.readString(out.resolve("ridge-model.json"));
    for (String key :
        List.of(
            "\"model_version\": \"v1.0.0\"",
            "\"factor_names\"",
            "\"coefficients\"",
            "\"momentum\"",
            "\"quality\"",
            "\"intercept\"",
            "\"lambda\": 1.0",
            "\"train_start\": \"2021-01-04\"",
            "\"train_end\"")) {
      assertTrue(json.contains(key), key + " missing from\n" + json);
    }
    assertTrue(json.strip().startsWith("{") && json.strip().endsWith("}"));
  }

  @Test
  void trainingIsReproducible() throws IOException {
    Path a = out.resolve("a");
    Path b = out.resolve("b");
    TrainModel.run(GenerateDataTest.SHIPPED, a, "v1.0.0", 1.0);
    TrainModel.run(GenerateDataTest.SHIPPED, b, "v1.0.0", 1.0);
    assertEquals(
        Files.readString(a.resolve("metadata.yaml")), Files.readString(b.resolve("metadata.yaml")));
    assertEquals(
        Files.readString(a.resolve("ridge-model.json")),
        Files.readString(b.resolve("ridge-model.json")));
  }

  @Test
  void mainValidatesArguments() {
    assertThrows(IllegalArgumentException.class, () -> TrainModel.main(new String[] {"only-one"}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            TrainModel.main(
                new String[] {
                  GenerateDataTest.SHIPPED.toString(), out.toString(), "v1", "not-a-number"
                }));
  }

  @Test
  void numbersAndStringsAreFormattedSafely() {
    assertEquals("1.0", ArtifactWriter.yamlNumber("x", 1.0));
    assertEquals("0.7", ArtifactWriter.yamlNumber("x", 0.7));
    assertEquals("-0.123457", ArtifactWriter.yamlNumber("x", -0.1234567));
    assertEquals("0.0", ArtifactWriter.yamlNumber("x", -1e-9));
    assertThrows(IllegalStateException.class, () -> ArtifactWriter.yamlNumber("ic", Double.NaN));
    assertEquals("\"a\\\"b\\\\c\\u000a\"", ArtifactWriter.jsonString("a\"b\\c\n"));
  }
}
