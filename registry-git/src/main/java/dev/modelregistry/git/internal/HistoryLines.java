package dev.modelregistry.git.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lines of {@link MainHistory#FILE} as remembered, each checked for shape once and found by
 * searching the text, so that a command asks about the few commits it needs (the tip, the root, a
 * version's registration) without building an entry for every commit of main. A rollback of a
 * registry with thousands of versions reads three or four lines of this file.
 *
 * <p>Only the lines that {@link MainHistory} can trust are counted: whole lines, in position order,
 * each of the shape {@link MainHistory} writes. The first line that is not (a torn write, two
 * writers that disagree, a garbled byte) ends what is remembered; the rest is judged again.
 */
final class HistoryLines {
  /** A file that cannot be read: nothing believed, and rewritten when next saved. */
  private static final HistoryLines UNREADABLE = new HistoryLines("?", new int[0], 0);

  /** Field indexes of a line: {@code <pos> <commit> <blob> <in force> <state> <change> ...}. */
  private static final int COMMIT = 1;

  private static final int REGISTERS = 8;
  private static final int REMOVES = 9;
  private static final int FIELDS = 10;

  private final String text;
  private final int[] starts; // where the line of each position starts
  private final int end; // just past the newline of the last counted line

  private HistoryLines(String text, int[] starts, int end) {
    this.text = text;
    this.starts = starts;
    this.end = end;
  }

  /** The remembered lines of {@code file}; none if it is missing or cannot be read. */
  static HistoryLines read(Path file) {
    try {
      return of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return UNREADABLE; // judged again, which costs time, never trust
    }
  }

  /** The lines of {@code text} that can be trusted, in position order. */
  static HistoryLines of(String text) {
    int[] starts = new int[64];
    int count = 0;
    int end = 0;
    int from = 0;
    while (from < text.length()) {
      int newline = text.indexOf('\n', from);
      if (newline < 0) {
        break; // a last line without its newline: a write cut short
      }
      int position = wellFormedPosition(text, from, newline);
      if (position < 0 || position > count) {
        break; // garbled or out of order
      }
      if (position < count) {
        if (!sameLine(text, starts[position], from, newline)) {
          break; // two writers disagreed: judge again from here
        }
        // the same line twice (two writers appended at once)
      } else {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = from;
      }
      end = newline + 1;
      from = newline + 1;
    }
    return new HistoryLines(text, Arrays.copyOf(starts, count), end);
  }

  /** True if every line of the text is believed (nothing torn, garbled or disagreeing). */
  boolean whole() {
    return end == text.length();
  }

  /** How many positions are remembered. */
  int size() {
    return starts.length;
  }

  /** The line of {@code position}, without its newline. */
  String line(int position) {
    int start = starts[position];
    return text.substring(start, text.indexOf('\n', start));
  }

  /** The position of {@code commit}'s line, or -1. */
  int positionOf(String commit) {
    for (int at = text.indexOf(commit); at >= 0 && at < end; at = text.indexOf(commit, at + 1)) {
      if (isElement(at, commit.length(), COMMIT)) {
        return positionAt(at);
      }
    }
    return -1;
  }

  /** The first position that registers {@code key} ({@code model/version}), or -1. */
  int firstRegistration(String key) {
    for (int at = text.indexOf(key); at >= 0 && at < end; at = text.indexOf(key, at + 1)) {
      if (isElement(at, key.length(), REGISTERS)) {
        return positionAt(at);
      }
    }
    return -1;
  }

  /** The last position that registers or removes {@code key}, or -1. */
  int lastChange(String key) {
    for (int at = text.lastIndexOf(key, end - 1); at >= 0; at = text.lastIndexOf(key, at - 1)) {
      if (isElement(at, key.length(), REGISTERS) || isElement(at, key.length(), REMOVES)) {
        return positionAt(at);
      }
    }
    return -1;
  }

  /**
   * True if the text at {@code at} is a whole element of field {@code field} of a counted line: the
   * field's value, or one of its comma-separated values.
   */
  private boolean isElement(int at, int length, int field) {
    int after = at + length;
    if (after >= end || at == 0) {
      return false;
    }
    char before = text.charAt(at - 1);
    char next = text.charAt(after);
    boolean list = field == REGISTERS || field == REMOVES;
    if (!(before == ' ' || list && before == ',')) {
      return false;
    }
    if (!(next == ' ' || next == '\n' || list && next == ',')) {
      return false;
    }
    int lineStart = text.lastIndexOf('\n', at - 1) + 1;
    int spaces = 0;
    for (int i = lineStart; i < at; i++) {
      if (text.charAt(i) == ' ') {
        spaces++;
      }
    }
    return spaces == field;
  }

  private int positionAt(int at) {
    int lineStart = text.lastIndexOf('\n', at - 1) + 1;
    return Integer.parseInt(text, lineStart, text.indexOf(' ', lineStart), 10);
  }

  private static boolean sameLine(String text, int start, int from, int newline) {
    int length = newline - from;
    return text.indexOf('\n', start) - start == length
        && text.regionMatches(start, text, from, length);
  }

  /**
   * The position of the line {@code [from, newline)} if it has the shape {@link MainHistory}
   * writes, so that {@link MainHistory#parse} will read it; else -1. Checked field by field without
   * building anything: it runs over every remembered line.
   */
  private static int wellFormedPosition(String text, int from, int newline) {
    int position = 0;
    int field = 0;
    int fieldStart = from;
    for (int i = from; i <= newline; i++) {
      char c = i == newline ? ' ' : text.charAt(i);
      if (c != ' ') {
        continue;
      }
      int length = i - fieldStart;
      if (length == 0 || field >= FIELDS) {
        return -1;
      }
      switch (field) {
        case 0 -> {
          if (length > 9 || !digits(text, fieldStart, i)) {
            return -1;
          }
          position = Integer.parseInt(text, fieldStart, i, 10);
        }
        case COMMIT -> {
          if (length != 40 || !hex(text, fieldStart, i)) {
            return -1;
          }
        }
        case 2, 3, 5 -> {
          if (!(length == 1 && text.charAt(fieldStart) == '-'
              || length == 40 && hex(text, fieldStart, i))) {
            return -1;
          }
        }
        case 4 -> {
          char s = text.charAt(fieldStart);
          if (length != 1 || s != 'T' && s != 'U' && s != 'P') {
            return -1;
          }
        }
        default -> {
          // approvers, principal, registers, removes: any text without a space
        }
      }
      field++;
      fieldStart = i + 1;
    }
    return field == FIELDS ? position : -1;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean hex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }
}
