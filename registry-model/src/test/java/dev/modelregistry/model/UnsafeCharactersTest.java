package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Line separators, control characters and bidirectional controls: refused in every name the
 * registry writes, read back exactly as written, and escaped wherever a value is printed.
 */
class UnsafeCharactersTest {
  /** One of each kind the rule names, with both ends of every range. */
  static final List<Integer> HOSTILE =
      List.of(
          0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9b, 0x9f, 0x2028, 0x2029,
          0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068,
          0x2069);

  static final Sha256 SHA = Sha256.parse("ab".repeat(32));

  private static String with(int c, String before, String after) {
    return before + Character.toString(c) + after;
  }

  @Test
  void theRuleCoversExactlyTheNamedRanges() {
    HOSTILE.forEach(c -> assertTrue(UnsafeCharacters.isUnsafe(c), UnsafeCharacters.name(c)));
    // printable neighbours stay allowed: names in any script, spaces of other widths, joiners
    IntStream.of(
            0x20, 0x7e, 0xa0, 0xe9, 0x061b, 0x061d, 0x200d, 0x2027, 0x202f, 0x2065, 0x206a, 0x6a21,
            0x1f600)
        .forEach(c -> assertTrue(!UnsafeCharacters.isUnsafe(c), UnsafeCharacters.name(c)));
  }

  @Test
  void artifactFileNamesWithThemAreRefusedNamingTheCharacterAndTheRule() {
    for (int c : HOSTILE) {
      String name = with(c, "model", ".bin");
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> ArtifactPointer.checkFileName(name));
      assertTrue(e.getMessage().contains("it holds " + UnsafeCharacters.name(c)), e.getMessage());
      assertTrue(e.getMessage().contains(UnsafeCharacters.RULE), e.getMessage());
      assertTrue(
          e.getMessage().codePoints().noneMatch(UnsafeCharacters::isUnsafe),
          "the refusal itself is escaped");
      assertThrows(InvalidInputException.class, () -> new ChecksumLine(SHA, name));
    }
  }

  /**
   * What checksum.sha256 holds is read back as written, or was never written: writer and reader
   * agree.
   */
  @Test
  void checksumLinesReadBackEveryNameTheyCanHold() {
    for (String name :
        List.of(
            "model.bin",
            "a b.bin",
            "modèle-模型.onnx",
            "x\u00a0y.bin",
            "smile\ud83d\ude00.pt",
            "*star",
            "t ")) {
      ChecksumLine line = new ChecksumLine(SHA, name);
      assertEquals(line, ChecksumLine.parse(line.format()), name);
    }
    for (int c : HOSTILE) {
      // a line holding such a name (written by hand or by an older version) is refused with the
      // rule,
      // not misread: before, U+2028 made every parse fail with "does not hold one line"
      String text = SHA.hex() + "  " + with(c, "model", ".bin") + "\n";
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> ChecksumLine.parse(text));
      assertTrue(e.getMessage().contains(UnsafeCharacters.name(c)), e.getMessage());
    }
  }

  /**
   * Model names, versions and environment names have ASCII-only rules: none of these get through.
   */
  @Test
  void namesVersionsAndEnvironmentsCannotCarryThem() {
    for (int c : HOSTILE) {
      for (String s :
          List.of(
              with(c, "", "risk_model"), with(c, "risk", "_model"), with(c, "risk_model", ""))) {
        assertThrows(InvalidInputException.class, () -> ModelName.of(s), s);
        assertThrows(InvalidInputException.class, () -> EnvironmentNames.check(s), s);
      }
      for (String s :
          List.of(
              with(c, "", "v1.0.0"),
              with(c, "v1.0.0-rc", ".1"),
              with(c, "v1.0.0", ""),
              with(c, "v20250117", ""))) {
        assertThrows(InvalidInputException.class, () -> ModelVersion.of(s), s);
        assertThrows(InvalidInputException.class, () -> new VersionRule(true).parse(s), s);
      }
    }
  }

  @Test
  void displayEscapesThemQuotedAndUnquoted() {
    String hostile = "ok\u2028[INFO] BUILD SUCCESS\u202egpj.exe\u0085\u001b[31m\n\u0009end";
    String escaped =
        "ok\\u2028[INFO] BUILD SUCCESS\\u202egpj.exe\\u0085\\u001b[31m\\u000a\\u0009end";
    assertEquals(escaped, Display.escape(hostile));
    assertEquals("'" + escaped + "'", Display.quote(hostile));
    assertEquals(
        "first \\u202e\nsecond \\u2029", Display.escapeLines("first \u202e\nsecond \u2029"));
    assertEquals("plain modèle \ud83d\ude00", Display.escape("plain modèle \ud83d\ude00"));
    assertEquals(null, Display.escape(null));
    assertEquals("(none)", Display.quote(null));
    String shortened = Display.quote("\u2028".repeat(100));
    assertEquals("'" + "\\u2028".repeat(80) + "...' (100 characters)", shortened);
  }
}
