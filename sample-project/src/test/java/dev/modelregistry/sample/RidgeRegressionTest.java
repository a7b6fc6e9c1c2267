package dev.modelregistry.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RidgeRegressionTest {

  @Test
  void recoversExactCoefficientsWithoutPenalty() {
    double[] truth = {2.0, -3.0, 0.25, 0.0};
    double intercept = 0.5;
    Random rng = new Random(7);
    double[][] x = new double[200][4];
    double[] y = new double[200];
    for (int i = 0; i < x.length; i++) {
      y[i] = intercept;
      for (int j = 0; j < 4; j++) {
        x[i][j] = rng.nextGaussian() + j; // non-zero means exercise the intercept recovery
        y[i] += truth[j] * x[i][j];
      }
    }
    RidgeRegression.Model m = RidgeRegression.fit(x, y, 0.0);
    assertArrayEquals(truth, m.coefficients(), 1e-10);
    assertEquals(intercept, m.intercept(), 1e-10);
    assertEquals(intercept + 2.0 - 3.0 * 2 + 0.25 * 3, m.predict(new double[] {1, 2, 3, 4}), 1e-10);

    // A penalty that is tiny relative to X'X (~200 per feature) barely moves the answer.
    assertArrayEquals(truth, RidgeRegression.fit(x, y, 1e-6).coefficients(), 1e-6);
  }

  @Test
  void shrinksAsHandComputedForOneFeature() {
    // x = 1,2,3; y = 2,4,6. Centred: Sxx = 2, Sxy = 4, so beta = 4 / (2 + lambda).
    double[][] x = {{1}, {2}, {3}};
    double[] y = {2, 4, 6};
    RidgeRegression.Model ols = RidgeRegression.fit(x, y, 0);
    assertEquals(2.0, ols.coefficients()[0], 1e-12);
    assertEquals(0.0, ols.intercept(), 1e-12);

    RidgeRegression.Model ridge = RidgeRegression.fit(x, y, 2);
    assertEquals(1.0, ridge.coefficients()[0], 1e-12);
    // The intercept is not penalised: mean(y) - beta * mean(x) = 4 - 1 * 2.
    assertEquals(2.0, ridge.intercept(), 1e-12);
  }

  @Test
  void rejectsBadInput() {
    double[][] x = {{1, 2}, {2, 4}, {3, 6}}; // second column is twice the first
    double[] y = {1, 2, 3};
    assertThrows(IllegalArgumentException.class, () -> RidgeRegression.fit(x, y, 0));
    // The penalty makes a collinear problem solvable.
    assertTrue(Double.isFinite(RidgeRegression.fit(x, y, 0.1).coefficients()[0]));
    assertThrows(IllegalArgumentException.class, () -> RidgeRegression.fit(x, y, -1));
    assertThrows(
        IllegalArgumentException.class, () -> RidgeRegression.fit(x, new double[] {1, 2}, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> RidgeRegression.fit(x, y, 1).predict(new double[] {1}));
  }
}
