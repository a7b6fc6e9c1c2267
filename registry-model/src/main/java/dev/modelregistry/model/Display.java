package dev.modelregistry.model;

/** Renders untrusted text for an error message: quoted, control characters escaped, shortened. */
public final class Display {
  private static final int MAX = 80;

  private Display() {}

  /** Returns {@code text} quoted, safe to print in a log line. */
  public static String quote(String text) {
    if (text == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < text.length() && shown < MAX; i++, shown++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > MAX) {
      out.append("...' (").append(text.length()).append(" characters)");
    } else {
      out.append('\'');
    }
    return out.toString();
  }
}
