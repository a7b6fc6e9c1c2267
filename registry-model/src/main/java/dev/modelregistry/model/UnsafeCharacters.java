package dev.modelregistry.model;

import java.util.OptionalInt;

/**
 * The characters that must never reach a name the registry writes, nor a terminal unescaped:
 * control characters, line and paragraph separators, and the controls that reorder bidirectional
 * text. A line separator in a file name breaks the one-line {@code checksum.sha256} (and Java's
 * regular expressions end a line there); a control character or a bidirectional override in a
 * printed value can make a log line say something other than what it holds ("Trojan Source",
 * CVE-2021-42574). {@link Display} escapes them; name rules refuse them.
 */
public final class UnsafeCharacters {
  /** The rule in words, for refusals. */
  public static final String RULE =
      "no control characters (U+0000-U+001F, U+007F, U+0080-U+009F such as U+0085), no line or paragraph separators"
          + " (U+2028, U+2029) and no bidirectional-text controls (U+061C, U+200E, U+200F, U+202A-U+202E,"
          + " U+2066-U+2069)";

  private UnsafeCharacters() {}

  /** True for a character of {@link #RULE}. */
  public static boolean isUnsafe(int codePoint) {
    return codePoint < 0x20
        || (codePoint >= 0x7f
            && codePoint <= 0x9f) // DEL and the C1 controls, NEL (U+0085) among them
        || codePoint == 0x2028
        || codePoint == 0x2029
        || codePoint == 0x061c // Arabic letter mark
        || codePoint == 0x200e // left-to-right mark
        || codePoint == 0x200f // right-to-left mark
        || (codePoint >= 0x202a && codePoint <= 0x202e) // embeddings and overrides
        || (codePoint >= 0x2066 && codePoint <= 0x2069); // isolates
  }

  /** The first character of {@link #RULE} in {@code text}, if any. */
  public static OptionalInt firstIn(String text) {
    return text == null
        ? OptionalInt.empty()
        : text.codePoints().filter(UnsafeCharacters::isUnsafe).findFirst();
  }

  /** {@code U+2028}: how a refusal names the character (printing it would defeat the point). */
  public static String name(int codePoint) {
    return String.format("U+%04X", codePoint);
  }
}
