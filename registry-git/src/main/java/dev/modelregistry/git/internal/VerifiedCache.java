package dev.modelregistry.git.internal;

import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Commits already verified, remembered in {@code verified} in this user's {@link LocalState}: one
 * line per commit, {@code <commit> <trust state> <principal> <first parent> <commit time>
 * <approval>}. A commit is only remembered once it and all its ancestors on its branch verified, so
 * a reader can stop at the first commit it finds here: reading production after N new commits
 * verifies N commits, not the history. The last three fields (absent from lines written before they
 * were added) let a point-in-time query find the branch's tip at an instant without reading a
 * single commit object.
 *
 * <p>The trust state is {@code TrustedSigners#trustState()} of the policy the commit was judged by:
 * its signers and their roles. A reader believes a remembered commit only under the trust state it
 * would judge it by now, so a commit remembered under other signers or roles (by a version that
 * knew no roles, say) is verified again.
 *
 * <p>The file is local state, never pushed; deleting it costs one full verification. {@code verify}
 * never reads it ({@link #inMemory}).
 */
public final class VerifiedCache {
  private final Path file;

  /** Every line parsed, once {@link #loadAll} ran; null before. */
  private Map<String, Entry> entries;

  /**
   * Before {@link #loadAll}: the file's text, searched for each commit asked about (a command asks
   * about a few: the tips it reads), and the answers found so far, misses as {@link #UNKNOWN}.
   */
  private String text;

  private final Map<String, Entry> found = new HashMap<>();
  private int searches;

  private static final Entry UNKNOWN = new Entry("", "");

  /**
   * Searches after which the whole file is parsed instead: a walk back over a branch's lineage (a
   * point-in-time question) asks about every commit.
   */
  private static final int SEARCHES_BEFORE_PARSING_ALL = 16;

  /**
   * What was verified: under which trust state, signed by whom; and the commit's lineage.
   *
   * @param parent the first parent's id, "-" for a root commit, null if not remembered
   * @param time the committer time in epoch seconds (meaningful only when {@code parent} is known)
   * @param approval true for an approval (a non-merge commit with {@code Registry-Action: approve})
   */
  public record Entry(
      String trustId, String principal, String parent, long time, boolean approval) {
    Entry(String trustId, String principal) {
      this(trustId, principal, null, 0, false);
    }

    /** True if parent, time and approval are remembered. */
    public boolean knowsLineage() {
      return parent != null;
    }
  }

  public VerifiedCache(Path dir) {
    this.file = dir == null ? null : dir.resolve("verified");
  }

  /** A cache that starts empty and is never written to disk. */
  public static VerifiedCache inMemory() {
    return new VerifiedCache(null);
  }

  public synchronized Entry get(String commit) {
    if (entries == null && file != null) {
      Entry e = found.get(commit);
      if (e == null && searches < SEARCHES_BEFORE_PARSING_ALL) {
        searches++;
        e = search(commit);
        found.put(commit, e);
      }
      if (e != null) {
        return e == UNKNOWN ? null : e;
      }
    }
    loadAll();
    return entries.get(commit);
  }

  /** The last whole, readable line of {@code commit} in the file, or {@link #UNKNOWN}. */
  private Entry search(String commit) {
    if (text == null) {
      text = readText();
    }
    int wholeLines = text.lastIndexOf('\n') + 1; // a torn last line is not read
    for (int at = text.lastIndexOf(commit, wholeLines - 1);
        at >= 0;
        at = text.lastIndexOf(commit, at - 1)) {
      if (at == 0 || text.charAt(at - 1) == '\n') {
        Line e = parse(text.substring(at, text.indexOf('\n', at)));
        if (e != null && e.commit.equals(commit)) {
          return e.entry;
        }
      }
    }
    return UNKNOWN;
  }

  /** Remembers verified commits, oldest first. */
  public synchronized void addAll(List<Map.Entry<String, Entry>> verified) {
    if (verified.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, Entry> e : verified) {
      if (entries != null) {
        entries.put(e.getKey(), e.getValue());
      }
      found.put(e.getKey(), e.getValue());
      Entry v = e.getValue();
      lines.append(e.getKey()).append(' ').append(v.trustId()).append(' ').append(v.principal());
      if (v.knowsLineage()) {
        lines
            .append(' ')
            .append(v.parent())
            .append(' ')
            .append(v.time())
            .append(' ')
            .append(v.approval() ? "approve" : "-");
      }
      lines.append('\n');
    }
    if (file == null) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      LocalState.appendLines(file, lines);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void loadAll() {
    if (entries != null) {
      return;
    }
    entries = new HashMap<>();
    String all = text != null ? text : file == null ? "" : readText();
    text = null;
    // only whole lines: a crash during an append can leave a last line without its newline, and
    // a torn line could still split into the right number of fields (a commit time cut short)
    for (String line : all.substring(0, all.lastIndexOf('\n') + 1).split("\n")) {
      Line l = parse(line);
      if (l != null) {
        entries.put(l.commit, l.entry);
      }
    }
    found.forEach( // remembered by this process since it read the file
        (commit, e) -> {
          if (e != UNKNOWN) {
            entries.put(commit, e);
          }
        });
  }

  private String readText() {
    if (!Files.exists(file)) {
      return "";
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private record Line(String commit, Entry entry) {}

  /** A line as {@link #addAll} writes it, or null for one it did not write (skipped). */
  private static Line parse(String line) {
    String[] p = line.split(" ");
    if (p.length == 3 && p[0].length() == 40) {
      return new Line(p[0], new Entry(p[1], p[2]));
    }
    if (p.length == 6
        && p[0].length() == 40
        && (p[3].length() == 40 || p[3].equals("-"))
        && (p[5].equals("approve") || p[5].equals("-"))) {
      try {
        return new Line(
            p[0], new Entry(p[1], p[2], p[3], Long.parseLong(p[4]), p[5].equals("approve")));
      } catch (NumberFormatException garbled) {
        return null; // not a line this class wrote: its commit is verified again
      }
    }
    return null;
  }

  /** For tests and benchmarks: how many commits are remembered. */
  public synchronized int size() {
    loadAll();
    return entries.size();
  }
}
