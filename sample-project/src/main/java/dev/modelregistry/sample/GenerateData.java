package dev.modelregistry.sample;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Random;

/**
 * Generates the synthetic data set {@code src/main/data/daily-returns.csv}. It was run once and its
 * output committed; the trainer never calls it.
 *
 * <h2>How to regenerate</h2>
 *
 * From the repository root:
 *
 * <pre>
 *   ./mvnw -B -q -f sample-project/pom.xml compile
 *   java -cp sample-project/target/classes dev.modelregistry.sample.GenerateData \
 *        sample-project/src/main/data/daily-returns.csv
 * </pre>
 *
 * The output is byte-for-byte reproducible: the seed is fixed, {@link Random} is specified to give
 * the same sequence on every JVM, only IEEE-exact arithmetic ({@code + - * / sqrt}) is used, and
 * numbers are rounded through {@link BigDecimal}. {@code GenerateDataTest} checks that the
 * committed file still matches. Changing anything here changes the file and so its SHA-256, which
 * is the data set's version id in the registry: treat that as a new data set version.
 *
 * <h2>The model behind the data</h2>
 *
 * {@value #ASSETS} assets ({@code A01}..{@code A20}) over {@value #TRADING_DAYS} weekdays starting
 * 2021-01-04 (weekends skipped, no holiday calendar). Each asset's four factor exposures follow
 * slowly-moving AR(1) processes (momentum turns over fastest, size slowest, as in real equity data)
 * and are z-scored across assets every day, as factor exposures usually are. Then
 *
 * <pre>
 *   next_return = 0.0006 momentum + 0.0004 value - 0.00025 size + 0.0003 quality
 *               + beta_i * market_t + sigma_i * noise
 * </pre>
 *
 * with market ~ N(0.0003, 0.01), beta_i in [0.8, 1.2] and idiosyncratic volatility sigma_i in
 * [1.5%, 2.5%] a day. The true signal explains well under 1% of the cross-sectional variance, so a
 * well-fitted model has an IC of roughly 0.05: realistic, yet clearly above the registry's 0.02
 * gate.
 *
 * <h2>File size</h2>
 *
 * Factors are written with 3 decimals and returns with 5 to keep the file well under 600 KiB; 3
 * decimals of a z-score is far finer than the signal needs. next_return is computed from the
 * rounded factors, so the file's own numbers obey the equation above exactly (up to noise).
 */
public final class GenerateData {

  /** Number of assets in every cross-section. */
  public static final int ASSETS = 20;

  /** Number of trading days. */
  public static final int TRADING_DAYS = 600;

  /** The fixed seed: the data set is defined by it. */
  public static final long SEED = 20_240_601L;

  /** True factor loadings, in {@link Observation#FACTOR_NAMES} order. */
  static final double[] TRUE_BETA = {0.0006, 0.0004, -0.00025, 0.0003};

  /** Daily AR(1) persistence of each factor's latent exposure. */
  private static final double[] PERSISTENCE = {0.95, 0.99, 0.998, 0.98};

  private static final LocalDate FIRST_DAY = LocalDate.of(2021, 1, 4);

  private GenerateData() {}

  /**
   * Writes the data set.
   *
   * @param args optional output path; default {@code src/main/data/daily-returns.csv} relative to
   *     the working directory
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "src/main/data/daily-returns.csv");
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      generate(w);
    }
    System.out.printf(
        "wrote %s (%d bytes, %d rows)%n",
        out.toAbsolutePath(), Files.size(out), ASSETS * TRADING_DAYS);
  }

  /**
   * Writes the whole CSV, header first, rows ordered by date then asset, {@code \n} line ends.
   *
   * @param out where to write
   * @throws IOException if writing fails
   */
  public static void generate(Writer out) throws IOException {
    Random rng = new Random(SEED);
    int factors = TRUE_BETA.length;

    // Per-asset constants first, so that adding days later would not reshuffle them.
    double[] marketBeta = new double[ASSETS];
    double[] idioVol = new double[ASSETS];
    double[][] latent = new double[ASSETS][factors];
    for (int a = 0; a < ASSETS; a++) {
      marketBeta[a] = 0.8 + 0.4 * rng.nextDouble();
      idioVol[a] = 0.015 + 0.010 * rng.nextDouble();
      for (int f = 0; f < factors; f++) {
        latent[a][f] = rng.nextGaussian(); // start in the stationary N(0, 1) distribution
      }
    }
    double[] innovationScale = new double[factors];
    for (int f = 0; f < factors; f++) {
      // sqrt(1 - phi^2) keeps each latent exposure's variance at 1.
      innovationScale[f] = Math.sqrt(1 - PERSISTENCE[f] * PERSISTENCE[f]);
    }

    out.write(ReturnsCsv.HEADER);
    out.write('\n');
    LocalDate date = FIRST_DAY;
    double[][] exposure = new double[ASSETS][factors];
    for (int d = 0; d < TRADING_DAYS; d++) {
      for (int a = 0; a < ASSETS; a++) {
        for (int f = 0; f < factors; f++) {
          latent[a][f] = PERSISTENCE[f] * latent[a][f] + innovationScale[f] * rng.nextGaussian();
        }
      }
      for (int f = 0; f < factors; f++) {
        zScoreAcrossAssets(latent, f, exposure);
      }
      double market = 0.0003 + 0.01 * rng.nextGaussian();
      for (int a = 0; a < ASSETS; a++) {
        StringBuilder row = new StringBuilder(64);
        row.append(date).append(',').append(String.format("A%02d", a + 1));
        double signal = 0;
        for (int f = 0; f < factors; f++) {
          BigDecimal rounded = round(exposure[a][f], 3);
          row.append(',').append(rounded.toPlainString());
          signal += TRUE_BETA[f] * rounded.doubleValue();
        }
        double nextReturn = signal + marketBeta[a] * market + idioVol[a] * rng.nextGaussian();
        row.append(',').append(round(nextReturn, 5).toPlainString()).append('\n');
        out.write(row.toString());
      }
      date = nextWeekday(date);
    }
  }

  /**
   * Writes factor {@code f}'s cross-sectional z-score (population standard deviation) into {@code
   * exposure}.
   */
  private static void zScoreAcrossAssets(double[][] latent, int f, double[][] exposure) {
    double mean = 0;
    for (double[] asset : latent) {
      mean += asset[f];
    }
    mean /= latent.length;
    double ss = 0;
    for (double[] asset : latent) {
      ss += (asset[f] - mean) * (asset[f] - mean);
    }
    double sd = Math.sqrt(ss / latent.length);
    for (int a = 0; a < latent.length; a++) {
      exposure[a][f] = (latent[a][f] - mean) / sd;
    }
  }

  /** Rounds half-up; BigDecimal prints no exponent and never "-0.000". */
  private static BigDecimal round(double x, int decimals) {
    return BigDecimal.valueOf(x).setScale(decimals, RoundingMode.HALF_UP);
  }

  private static LocalDate nextWeekday(LocalDate d) {
    LocalDate next = d.plusDays(1);
    while (next.getDayOfWeek() == DayOfWeek.SATURDAY || next.getDayOfWeek() == DayOfWeek.SUNDAY) {
      next = next.plusDays(1);
    }
    return next;
  }
}
