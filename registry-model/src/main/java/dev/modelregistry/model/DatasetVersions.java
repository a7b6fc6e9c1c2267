package dev.modelregistry.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses the dataset versions in force as given on a command line: {@code
 * crsp=v1.2.4,compustat=v1.0.1}.
 */
public final class DatasetVersions {
  private DatasetVersions() {}

  /** An empty map for null or blank text. */
  public static Map<String, String> parse(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw new InvalidInputException(
            "Dataset versions "
                + Display.quote(text)
                + " are not of the form name=version[,name=version...], for example crsp=v1.2.4,compustat=v1.0.1.");
      }
      if (out.put(kv[0].strip(), kv[1].strip()) != null) {
        throw new InvalidInputException(
            "Dataset "
                + Display.quote(kv[0].strip())
                + " is given twice in "
                + Display.quote(text)
                + ".");
      }
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(out));
  }
}
