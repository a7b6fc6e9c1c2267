package dev.modelregistry.model;

/**
 * Renders untrusted text (read from a registry, a file, an argument) for people: every character of
 * {@link UnsafeCharacters} escaped as a backslash, {@code u} and four hex digits, so that a value
 * can neither break a line of output nor reorder what a terminal shows.
 */
public final class Display {
  private static final int MAX = 80;

  private Display() {}

  /** Returns {@code text} quoted, escaped and shortened: safe to print in a message. */
  public static String quote(String text) {
    if (text == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder("'");
    int count = text.codePointCount(0, text.length());
    int end = text.offsetByCodePoints(0, Math.min(MAX, count));
    appendEscaped(out, text.substring(0, end));
    if (end < text.length()) {
      out.append("...' (").append(count).append(" characters)");
    } else {
      out.append('\'');
    }
    return out.toString();
  }

  /**
   * Returns {@code text} escaped but neither quoted nor shortened: for a value inside a line of
   * output (a table cell, a reason). A line break in it is escaped too, so it cannot start a line
   * that looks like the program's own. Null stays null.
   */
  public static String escape(String text) {
    if (text == null || UnsafeCharacters.firstIn(text).isEmpty()) {
      return text;
    }
    return appendEscaped(new StringBuilder(text.length() + 16), text).toString();
  }

  /**
   * Returns {@code text} with every line escaped as by {@link #escape}, keeping its {@code \n} line
   * breaks: for a message of several lines that embeds values it did not escape itself.
   */
  public static String escapeLines(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      appendEscaped(out, lines[i]);
    }
    return out.toString();
  }

  private static StringBuilder appendEscaped(StringBuilder out, String text) {
    text.codePoints()
        .forEach(
            c -> {
              if (UnsafeCharacters.isUnsafe(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out;
  }
}
