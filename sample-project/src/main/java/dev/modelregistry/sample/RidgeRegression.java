package dev.modelregistry.sample;

import java.util.Arrays;

/**
 * Ridge regression with an unpenalised intercept, solved in closed form.
 *
 * <p>The fit centres X and y, solves {@code (Xc'Xc + lambda I) beta = Xc'yc} by Cholesky
 * decomposition and recovers the intercept as {@code mean(y) - mean(X) beta}. Centring keeps the
 * intercept out of the penalty (shrinking the average return towards zero would bias every
 * prediction) and keeps the normal equations well conditioned. With only a handful of factors the
 * p-by-p system is tiny, so a direct solve is both exact and fast.
 */
public final class RidgeRegression {

  private RidgeRegression() {}

  /**
   * A fitted linear model {@code y = intercept + coefficients . x}.
   *
   * @param coefficients one coefficient per feature
   * @param intercept the unpenalised intercept
   * @param lambda the ridge penalty it was fitted with
   */
  public record Model(double[] coefficients, double intercept, double lambda) {

    /** Copies the coefficients so the model cannot be changed from outside. */
    public Model {
      coefficients = coefficients.clone();
    }

    @Override
    public double[] coefficients() {
      return coefficients.clone();
    }

    /**
     * Predicts the target for one feature vector.
     *
     * @param x the features, in the order the model was fitted with
     * @return the prediction
     */
    public double predict(double[] x) {
      if (x.length != coefficients.length) {
        throw new IllegalArgumentException(
            "expected " + coefficients.length + " features but got " + x.length);
      }
      double y = intercept;
      for (int j = 0; j < x.length; j++) {
        y += coefficients[j] * x[j];
      }
      return y;
    }

    // Records compare arrays by identity; compare by content so equal fits are equal.
    @Override
    public boolean equals(Object o) {
      return o instanceof Model m
          && Arrays.equals(coefficients, m.coefficients)
          && Double.compare(intercept, m.intercept) == 0
          && Double.compare(lambda, m.lambda) == 0;
    }

    @Override
    public int hashCode() {
      return 31 * (31 * Arrays.hashCode(coefficients) + Double.hashCode(intercept))
          + Double.hashCode(lambda);
    }

    @Override
    public String toString() {
      return "Model[coefficients="
          + Arrays.toString(coefficients)
          + ", intercept="
          + intercept
          + ", lambda="
          + lambda
          + "]";
    }
  }

  /**
   * Fits a ridge regression.
   *
   * @param x the design matrix, one row per observation (not modified)
   * @param y the targets, one per row of {@code x}
   * @param lambda the ridge penalty, {@code >= 0}; 0 gives ordinary least squares
   * @return the fitted model
   * @throws IllegalArgumentException if the shapes disagree, {@code lambda} is negative or the
   *     system is singular (possible only when {@code lambda == 0})
   */
  public static Model fit(double[][] x, double[] y, double lambda) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be a finite number >= 0 but was " + lambda);
    }
    int n = x.length;
    if (n == 0 || n != y.length) {
      throw new IllegalArgumentException(
          "need the same positive number of rows in x and y, got " + n + " and " + y.length);
    }
    int p = x[0].length;
    double[] xMean = new double[p];
    double yMean = 0;
    for (int i = 0; i < n; i++) {
      if (x[i].length != p) {
        throw new IllegalArgumentException(
            "row " + i + " has " + x[i].length + " features, expected " + p);
      }
      for (int j = 0; j < p; j++) {
        xMean[j] += x[i][j];
      }
      yMean += y[i];
    }
    for (int j = 0; j < p; j++) {
      xMean[j] /= n;
    }
    yMean /= n;

    // Accumulate the centred normal equations A = Xc'Xc + lambda I, b = Xc'yc.
    double[][] a = new double[p][p];
    double[] b = new double[p];
    double[] xc = new double[p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        xc[j] = x[i][j] - xMean[j];
      }
      double yc = y[i] - yMean;
      for (int j = 0; j < p; j++) {
        b[j] += xc[j] * yc;
        for (int k = 0; k <= j; k++) {
          a[j][k] += xc[j] * xc[k];
        }
      }
    }
    for (int j = 0; j < p; j++) {
      a[j][j] += lambda;
      for (int k = 0; k < j; k++) {
        a[k][j] = a[j][k];
      }
    }

    double[] beta = solveSymmetricPositiveDefinite(a, b);
    double intercept = yMean;
    for (int j = 0; j < p; j++) {
      intercept -= xMean[j] * beta[j];
    }
    return new Model(beta, intercept, lambda);
  }

  /** Solves {@code A z = b} for symmetric positive-definite A by Cholesky (A = L L'). */
  static double[] solveSymmetricPositiveDefinite(double[][] a, double[] b) {
    int p = b.length;
    double[][] l = new double[p][p];
    for (int j = 0; j < p; j++) {
      double d = a[j][j];
      for (int k = 0; k < j; k++) {
        d -= l[j][k] * l[j][k];
      }
      // A relative threshold catches collinear features that round-off leaves barely positive.
      if (!(d > 1e-12 * Math.abs(a[j][j]))) {
        throw new IllegalArgumentException(
            "normal equations are singular (collinear features with lambda = 0?)");
      }
      l[j][j] = Math.sqrt(d);
      for (int i = j + 1; i < p; i++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = s / l[j][j];
      }
    }
    // Forward substitution L w = b, then back substitution L' z = w.
    double[] w = new double[p];
    for (int i = 0; i < p; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * w[k];
      }
      w[i] = s / l[i][i];
    }
    double[] z = new double[p];
    for (int i = p - 1; i >= 0; i--) {
      double s = w[i];
      for (int k = i + 1; k < p; k++) {
        s -= l[k][i] * z[k];
      }
      z[i] = s / l[i][i];
    }
    return z;
  }
}
