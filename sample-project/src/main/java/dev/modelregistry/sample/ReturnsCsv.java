package dev.modelregistry.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the daily-returns CSV ({@value #HEADER}).
 *
 * <p>The format is deliberately minimal (no quoting, comma separator, ISO dates) because the file
 * is produced only by {@link GenerateData}; anything else is rejected with the offending line
 * number rather than silently mis-parsed.
 */
public final class ReturnsCsv {

  /** The exact header line the file must start with. */
  public static final String HEADER = "date,asset,momentum,value,size,quality,next_return";

  private ReturnsCsv() {}

  /**
   * Reads every row of a daily-returns CSV file.
   *
   * @param file the CSV file
   * @return the rows, in file order
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the header or any row is malformed
   */
  public static List<Observation> read(Path file) throws IOException {
    List<Observation> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.strip().equals(HEADER)) {
        throw new IllegalArgumentException(
            file + ": expected header '" + HEADER + "' but found '" + header + "'");
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue; // tolerate a trailing empty line
        }
        rows.add(parse(line, file, lineNo));
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + ": no data rows");
    }
    return rows;
  }

  private static Observation parse(String line, Path file, int lineNo) {
    String[] f = line.split(",", -1);
    if (f.length != 7) {
      throw new IllegalArgumentException(
          file + ":" + lineNo + ": expected 7 fields but found " + f.length);
    }
    try {
      return new Observation(
          LocalDate.parse(f[0].strip()),
          f[1].strip(),
          Double.parseDouble(f[2]),
          Double.parseDouble(f[3]),
          Double.parseDouble(f[4]),
          Double.parseDouble(f[5]),
          Double.parseDouble(f[6]));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      // NumberFormatException is an IllegalArgumentException; add the location either way.
      throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
    }
  }
}
