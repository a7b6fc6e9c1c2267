package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric gate's condition as written in {@code registry.yaml}: an operator and a number, for
 * example {@code "> 0.02"} or {@code ">= 0.5"}.
 */
public record MetricThreshold(String operator, double value) {
  private static final Pattern FORM =
      Pattern.compile("\\s*(>=|<=|>|<)\\s*(-?\\d+(?:\\.\\d+)?(?:[eE]-?\\d+)?)\\s*");

  public MetricThreshold {
    if (!(">".equals(operator)
        || ">=".equals(operator)
        || "<".equals(operator)
        || "<=".equals(operator))) {
      throw new InvalidInputException(
          "Gate operator " + Display.quote(operator) + " is unknown: use >, >=, < or <=.");
    }
    if (!Double.isFinite(value)) {
      throw new InvalidInputException("A gate threshold must be a finite number.");
    }
  }

  /** Parses {@code "> 0.02"}. */
  @JsonCreator
  public static MetricThreshold parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new InvalidInputException(
          "Metric gate "
              + Display.quote(text)
              + " is not of the form '<operator> <number>', for example '> 0.02'.");
    }
    return new MetricThreshold(m.group(1), Double.parseDouble(m.group(2)));
  }

  /** Whether {@code actual} meets the condition. */
  public boolean isMetBy(double actual) {
    return switch (operator) {
      case ">" -> actual > value;
      case ">=" -> actual >= value;
      case "<" -> actual < value;
      default -> actual <= value;
    };
  }

  @JsonValue
  @Override
  public String toString() {
    return operator + " " + stripZeros(value);
  }

  private static String stripZeros(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
