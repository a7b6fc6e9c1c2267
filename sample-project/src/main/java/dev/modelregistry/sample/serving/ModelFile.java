package dev.modelregistry.sample.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.sample.Observation;
import dev.modelregistry.sample.RidgeRegression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code ridge-model.json}, the artifact the training build registers, back into a model, and
 * checks that it predicts: the service's smoke check (the seeds' {@code safe_activate_model}). A
 * file that is not a ridge model over the four factors, or whose prediction is not a number, is
 * refused, so the loader keeps the model it has.
 */
final class ModelFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A file larger than this is not one of ours: the real ones are a few hundred bytes. */
  private static final long MAX_BYTES = 1 << 20;

  private ModelFile() {}

  static RidgeRegression.Model read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException(file + " is larger than 1 MiB: not a ridge-model.json");
    }
    JsonNode root = JSON.readTree(file.toFile());
    if (!"ridge_regression".equals(root.path("model_type").asText())) {
      throw new IOException(
          file + " is not a ridge regression model (model_type " + root.path("model_type") + ")");
    }
    JsonNode coefficients = root.path("coefficients");
    double[] beta = new double[Observation.FACTOR_NAMES.size()];
    for (int j = 0; j < beta.length; j++) {
      JsonNode c = coefficients.path(Observation.FACTOR_NAMES.get(j));
      if (!c.isNumber()) {
        throw new IOException(
            file + " has no coefficient for factor " + Observation.FACTOR_NAMES.get(j));
      }
      beta[j] = c.asDouble();
    }
    if (!root.path("intercept").isNumber()) {
      throw new IOException(file + " has no intercept");
    }
    RidgeRegression.Model model =
        new RidgeRegression.Model(
            beta, root.path("intercept").asDouble(), root.path("lambda").asDouble());
    double probe = model.predict(new double[beta.length]);
    if (!Double.isFinite(probe)) {
      throw new IOException(file + " predicts " + probe + " for all-zero factors");
    }
    return model;
  }
}
