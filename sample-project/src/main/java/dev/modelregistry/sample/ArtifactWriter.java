package dev.modelregistry.sample;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the two training artefacts: {@code ridge-model.json} (the model itself) and {@code
 * metadata.yaml} (what the registry records about it).
 *
 * <p>Both are written by hand rather than through a JSON/YAML library because the project must need
 * nothing beyond the JDK, and the shapes are small and fixed. Nothing time-dependent goes in either
 * file, so training the same data twice gives byte-identical artefacts, which keeps the registry's
 * Git history free of spurious changes.
 */
public final class ArtifactWriter {

  /** File name of the model artefact. */
  public static final String MODEL_FILE = "ridge-model.json";

  /** File name of the registry metadata. */
  public static final String METADATA_FILE = "metadata.yaml";

  private ArtifactWriter() {}

  /**
   * Everything the two files record about one training run.
   *
   * @param modelVersion the model version, e.g. {@code v1.0.0}
   * @param model the fitted model
   * @param trainFraction the fraction of dates used for training
   * @param trainStart first training date
   * @param trainEnd last training date
   * @param trainRows number of training rows
   * @param metrics the hold-out metrics
   * @param datasetId the data set version id, {@code sha256:<12 hex>}
   * @param snapshotId the snapshot id, {@code snap_<12 hex>}
   * @param dataFileName the data file's name (no directory, so metadata does not depend on checkout
   *     location)
   */
  public record Run(
      String modelVersion,
      RidgeRegression.Model model,
      double trainFraction,
      String trainStart,
      String trainEnd,
      int trainRows,
      Backtest.Result metrics,
      String datasetId,
      String snapshotId,
      String dataFileName) {}

  /**
   * Writes {@code ridge-model.json} into a directory.
   *
   * @param dir the output directory (must exist)
   * @param run the training run
   * @return the file written
   * @throws IOException if it cannot be written
   */
  public static Path writeModelJson(Path dir, Run run) throws IOException {
    double[] beta = run.model().coefficients();
    StringBuilder coefficients = new StringBuilder();
    for (int j = 0; j < beta.length; j++) {
      coefficients
          .append(j == 0 ? "" : ",\n")
          .append("    ")
          .append(jsonString(Observation.FACTOR_NAMES.get(j)))
          .append(": ")
          .append(jsonNumber(beta[j]));
    }
    String json =
        "{\n"
            + "  \"model_type\": \"ridge_regression\",\n"
            + "  \"model_version\": "
            + jsonString(run.modelVersion())
            + ",\n"
            + "  \"target\": \"next_return\",\n"
            + "  \"factor_names\": "
            + jsonList(Observation.FACTOR_NAMES)
            + ",\n"
            + "  \"coefficients\": {\n"
            + coefficients
            + "\n  },\n"
            + "  \"intercept\": "
            + jsonNumber(run.model().intercept())
            + ",\n"
            + "  \"lambda\": "
            + jsonNumber(run.model().lambda())
            + ",\n"
            + "  \"train_fraction\": "
            + jsonNumber(run.trainFraction())
            + ",\n"
            + "  \"train_start\": "
            + jsonString(run.trainStart())
            + ",\n"
            + "  \"train_end\": "
            + jsonString(run.trainEnd())
            + ",\n"
            + "  \"train_rows\": "
            + run.trainRows()
            + ",\n"
            + "  \"dataset_version_id\": "
            + jsonString(run.datasetId())
            + "\n"
            + "}\n";
    return write(dir.resolve(MODEL_FILE), json);
  }

  /**
   * Writes {@code metadata.yaml} into a directory, with exactly the top-level keys the registry
   * expects: model_type, description, dataset_version_ids, snapshot_id, factor_list, parameters,
   * metrics and config.
   *
   * @param dir the output directory (must exist)
   * @param run the training run
   * @return the file written
   * @throws IOException if it cannot be written
   */
  public static Path writeMetadataYaml(Path dir, Run run) throws IOException {
    Backtest.Result m = run.metrics();
    String lambda = yamlNumber("ridge_lambda", run.model().lambda());
    String fraction = yamlNumber("train_fraction", run.trainFraction());
    String yaml =
        "model_type: \"alpha_weights\"\n"
            + "description: \"Ridge regression of next-day return on 4 factors\"\n"
            + "dataset_version_ids:\n"
            + "  daily_returns: "
            + yamlString(run.datasetId())
            + "\n"
            + "snapshot_id: "
            + yamlString(run.snapshotId())
            + "\n"
            + "factor_list: "
            + jsonList(Observation.FACTOR_NAMES)
            + "\n" // a JSON list is a YAML flow sequence
            + "parameters:\n"
            + "  ridge_lambda: "
            + lambda
            + "\n"
            + "  train_fraction: "
            + fraction
            + "\n"
            + "metrics:\n"
            + "  ic: "
            + yamlNumber("ic", m.ic())
            + "\n"
            + "  sharpe: "
            + yamlNumber("sharpe", m.sharpe())
            + "\n"
            + "  max_drawdown: "
            + yamlNumber("max_drawdown", m.maxDrawdown())
            + "\n"
            + "  hit_rate: "
            + yamlNumber("hit_rate", m.hitRate())
            + "\n"
            + "config:\n"
            + "  ridge_lambda: "
            + lambda
            + "\n"
            + "  train_fraction: "
            + fraction
            + "\n"
            + "  data_file: "
            + yamlString(run.dataFileName())
            + "\n";
    return write(dir.resolve(METADATA_FILE), yaml);
  }

  /**
   * Formats a number for the metadata: rounded half-up to at most 6 decimals, trailing zeros
   * dropped but always with a decimal point (so YAML reads it as a float, e.g. {@code 1.0}).
   *
   * @param key the key it is written under, for the error message
   * @param x the number
   * @return the plain decimal text
   * @throws IllegalStateException if {@code x} is NaN or infinite (YAML's .nan would slip past
   *     numeric gates)
   */
  static String yamlNumber(String key, double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalStateException(key + " is " + x + "; refusing to write non-finite metadata");
    }
    String s =
        BigDecimal.valueOf(x)
            .setScale(6, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString();
    return s.contains(".") ? s : s + ".0";
  }

  /**
   * A double-quoted YAML scalar: JSON string escapes (quote, backslash, \\uXXXX) mean the same in
   * YAML.
   */
  static String yamlString(String s) {
    return jsonString(s); // a JSON string literal is a valid YAML double-quoted scalar
  }

  static String jsonNumber(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalStateException("JSON has no representation for " + x);
    }
    return Double.toString(x); // shortest round-trip form; "1.0E-4" is valid JSON
  }

  static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String jsonList(List<String> items) {
    return items.stream()
        .map(ArtifactWriter::jsonString)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
