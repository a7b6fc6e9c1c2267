package dev.modelregistry.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content of {@code checksum.sha256}: {@code "<64 hex> <file name>\n"}, the format that {@code
 * sha256sum -c} reads, so the artifact can be checked with standard tools next to it.
 */
public record ChecksumLine(Sha256 sha256, String fileName) {
  // DOTALL: the name is taken to the final newline whatever it holds, and then judged by the
  // file-name
  // rule, so a name is read back exactly when it could have been written (a bare '.' stops at
  // U+2028)
  private static final Pattern LINE =
      Pattern.compile("([0-9a-f]{64}) [ *](.+?)\n?", Pattern.DOTALL);

  public ChecksumLine {
    if (sha256 == null) {
      throw new InvalidInputException("checksum.sha256: the checksum is missing.");
    }
    ArtifactPointer.checkFileName(fileName);
  }

  /** The file's text, one line ending in a newline. */
  public String format() {
    return sha256.hex() + "  " + fileName + "\n";
  }

  /** Parses the file's text. */
  public static ChecksumLine parse(String text) {
    Matcher m = LINE.matcher(text);
    if (!m.matches()) {
      throw new InvalidInputException(
          "checksum.sha256 does not hold one line '<64 hex>  <file name>': " + Display.quote(text));
    }
    return new ChecksumLine(new Sha256(m.group(1)), m.group(2));
  }
}
