package dev.modelregistry.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small text helpers for output a person reads at a glance, shared by every front end. */
public final class Text {
  private Text() {}

  /** {@code 1.5 GiB}, {@code 10.0 KiB}, {@code 512 B}. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** A number as people compare metrics: up to 4 decimals, no trailing zeros. */
  public static String number(Double d) {
    if (d == null) {
      return "-";
    }
    return java.math.BigDecimal.valueOf(d)
        .setScale(4, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /**
   * Left-aligned columns, two spaces apart; the first row is the header. Every cell is escaped
   * ({@link Display#escape}) before the columns are measured: a cell read from a registry can
   * neither break its row nor, with a bidirectional control, shift the columns after it.
   */
  public static List<String> table(List<List<String>> given) {
    List<List<String>> rows =
        given.stream().map(r -> r.stream().map(Display::escape).toList()).toList();
    int cols = rows.get(0).size();
    int[] width = new int[cols];
    for (List<String> r : rows) {
      for (int i = 0; i < cols; i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    List<String> out = new ArrayList<>();
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        line.append(i == cols - 1 ? r.get(i) : String.format("%-" + width[i] + "s  ", r.get(i)));
      }
      out.add(line.toString().stripTrailing());
    }
    return out;
  }
}
