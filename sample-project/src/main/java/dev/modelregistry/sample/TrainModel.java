package dev.modelregistry.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * Trains the sample alpha model and writes the artefacts the registry publishes.
 *
 * <p>Usage: {@code TrainModel <data.csv> <output-dir> [model-version] [ridge-lambda]}. It fits a
 * ridge regression of {@code next_return} on the four factors over the first 70% of trading dates
 * and evaluates it on the remaining 30%. The split is by date, never by row, so no day's
 * cross-section is split between training and hold-out and the hold-out lies strictly after the
 * training period, as it would in live trading.
 *
 * <p>Metrics on the hold-out: IC is the mean daily cross-sectional <em>Pearson</em> correlation of
 * prediction and realised return; Sharpe, max drawdown and hit rate are those of the daily
 * long-top-quintile / short-bottom-quintile equal-weight portfolio (see {@link Metrics}).
 */
public final class TrainModel {

  /** Fraction of the trading dates used for training; the rest is the hold-out. */
  public static final double TRAIN_FRACTION = 0.7;

  /** Default ridge penalty. */
  public static final double DEFAULT_LAMBDA = 1.0;

  /** Default model version when none is given. */
  public static final String DEFAULT_VERSION = "v0.0.0-dev";

  private TrainModel() {}

  /**
   * The outcome of one training run.
   *
   * @param run what was written to the artefacts
   * @param modelFile path of ridge-model.json
   * @param metadataFile path of metadata.yaml
   */
  public record Result(ArtifactWriter.Run run, Path modelFile, Path metadataFile) {}

  /**
   * Command-line entry point. Throws rather than calling {@code System.exit} so that it can run
   * inside the Maven JVM (exec:java), where an exception fails the build cleanly.
   *
   * @param args data CSV, output directory, optional model version, optional ridge lambda
   * @throws Exception if the arguments are wrong or training fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 4) {
      throw new IllegalArgumentException(
          "usage: TrainModel <data.csv> <output-dir> [model-version] [ridge-lambda]; got "
              + args.length
              + " arguments");
    }
    String version = args.length > 2 ? args[2] : DEFAULT_VERSION;
    double lambda = DEFAULT_LAMBDA;
    if (args.length > 3) {
      try {
        lambda = Double.parseDouble(args[3]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "ridge lambda must be a number but was '" + args[3] + "'", e);
      }
    }
    Result result = run(Path.of(args[0]), Path.of(args[1]), version, lambda);
    System.out.print(summary(result));
  }

  /**
   * Trains, evaluates and writes both artefacts.
   *
   * @param dataFile the daily-returns CSV
   * @param outDir the output directory (created if missing)
   * @param version the model version to record
   * @param lambda the ridge penalty, {@code >= 0}
   * @return what was written
   * @throws IOException if reading or writing fails
   */
  public static Result run(Path dataFile, Path outDir, String version, double lambda)
      throws IOException {
    List<Observation> rows = ReturnsCsv.read(dataFile);
    SortedMap<LocalDate, List<Observation>> days = Backtest.byDate(rows);
    List<LocalDate> dates = new ArrayList<>(days.keySet());
    // The epsilon stops 0.7 * n landing just under an integer through binary rounding.
    int trainDays = (int) Math.floor(TRAIN_FRACTION * dates.size() + 1e-9);
    if (trainDays < 1 || trainDays >= dates.size()) {
      throw new IllegalArgumentException(
          "need at least 2 trading dates to split, found " + dates.size());
    }
    LocalDate firstHoldout = dates.get(trainDays);
    SortedMap<LocalDate, List<Observation>> train = days.headMap(firstHoldout);
    SortedMap<LocalDate, List<Observation>> holdout = days.tailMap(firstHoldout);

    List<Observation> trainRows = train.values().stream().flatMap(List::stream).toList();
    double[][] x = new double[trainRows.size()][];
    double[] y = new double[trainRows.size()];
    for (int i = 0; i < trainRows.size(); i++) {
      x[i] = trainRows.get(i).factors();
      y[i] = trainRows.get(i).nextReturn();
    }
    RidgeRegression.Model model = RidgeRegression.fit(x, y, lambda);
    Backtest.Result metrics = Backtest.run(model, holdout);

    String hash = sha256Prefix(dataFile);
    ArtifactWriter.Run run =
        new ArtifactWriter.Run(
            version,
            model,
            TRAIN_FRACTION,
            train.firstKey().toString(),
            train.lastKey().toString(),
            trainRows.size(),
            metrics,
            "sha256:" + hash,
            "snap_" + hash,
            dataFile.getFileName().toString());
    Files.createDirectories(outDir);
    Path modelFile = ArtifactWriter.writeModelJson(outDir, run);
    Path metadataFile = ArtifactWriter.writeMetadataYaml(outDir, run);
    return new Result(run, modelFile, metadataFile);
  }

  /**
   * The first 12 hex characters of a file's SHA-256: the data set's version id. Hashing the bytes
   * (not the parsed rows) means any edit to the committed file changes the id.
   *
   * @param file the file
   * @return 12 lower-case hex characters
   * @throws IOException if the file cannot be read
   */
  public static String sha256Prefix(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK must provide SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
  }

  /**
   * A short human-readable report of a run.
   *
   * @param r the run's result
   * @return several lines of text, ending in a newline
   */
  public static String summary(Result r) {
    ArtifactWriter.Run run = r.run();
    Backtest.Result m = run.metrics();
    double[] beta = run.model().coefficients();
    StringBuilder coef = new StringBuilder();
    for (int j = 0; j < beta.length; j++) {
      coef.append(
          String.format(
              Locale.ROOT,
              "%s%s=%.6f",
              j == 0 ? "" : ", ",
              Observation.FACTOR_NAMES.get(j),
              beta[j]));
    }
    return String.format(
        Locale.ROOT,
        "Trained ridge model %s (lambda=%s) on %d rows, %s..%s%n"
            + "  coefficients: %s, intercept=%.6f%n"
            + "  hold-out %s..%s (%d days): IC=%.4f  Sharpe=%.2f  max drawdown=%.4f  hit rate=%.4f%n"
            + "  dataset %s%n"
            + "  wrote %s%n"
            + "  wrote %s%n",
        run.modelVersion(),
        run.model().lambda(),
        run.trainRows(),
        run.trainStart(),
        run.trainEnd(),
        coef,
        run.model().intercept(),
        m.firstDate(),
        m.lastDate(),
        m.days(),
        m.ic(),
        m.sharpe(),
        m.maxDrawdown(),
        m.hitRate(),
        run.datasetId(),
        r.modelFile().toAbsolutePath(),
        r.metadataFile().toAbsolutePath());
  }
}
