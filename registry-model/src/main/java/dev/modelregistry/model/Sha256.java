package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 digest as 64 lower-case hex digits: the identity of an artifact's bytes. */
public record Sha256(@JsonValue String hex) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Sha256 {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new InvalidInputException(
          "Checksum "
              + Display.quote(hex)
              + " is not a SHA-256: expected 64 lower-case hex digits.");
    }
  }

  /** Wraps a finished digest. */
  public static Sha256 of(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
    }
    return new Sha256(HexFormat.of().formatHex(digest));
  }

  /** Parses 64 hex digits (upper case accepted, stored lower case). */
  @JsonCreator
  public static Sha256 parse(String hex) {
    return new Sha256(hex == null ? null : hex.strip().toLowerCase(java.util.Locale.ROOT));
  }

  /** The first 12 hex digits, for tables. */
  public String abbreviated() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return hex;
  }

  // equals and hashCode written out: a record's generated ones link an invokedynamic site on first
  // use, which a short command pays for each record type it compares (docs/BENCHMARKS.md 7c)
  @Override
  public boolean equals(Object o) {
    return o instanceof Sha256 other && hex.equals(other.hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }
}
