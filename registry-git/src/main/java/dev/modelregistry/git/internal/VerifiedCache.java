package dev.modelregistry.git.internal;

import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  private Map<String, Entry> entries;

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
    load();
    return entries.get(commit);
  }

  /** Remembers verified commits, oldest first. */
  public synchronized void addAll(List<Map.Entry<String, Entry>> verified) {
    if (verified.isEmpty()) {
      return;
    }
    load();
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, Entry> e : verified) {
      entries.put(e.getKey(), e.getValue());
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
      // One append of whole lines: a crash leaves at worst a torn last line, which load() skips.
      Files.writeString(
          file,
          lines,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void load() {
    if (entries != null) {
      return;
    }
    entries = new HashMap<>();
    if (file == null || !Files.exists(file)) {
      return;
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // only whole lines: a crash during an append can leave a last line without its newline, and
      // a torn line could still split into the right number of fields (a commit time cut short)
      for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
        String[] p = line.split(" ");
        if (p.length == 3 && p[0].length() == 40) {
          entries.put(p[0], new Entry(p[1], p[2]));
        } else if (p.length == 6
            && p[0].length() == 40
            && (p[3].length() == 40 || p[3].equals("-"))
            && (p[5].equals("approve") || p[5].equals("-"))) {
          try {
            entries.put(
                p[0], new Entry(p[1], p[2], p[3], Long.parseLong(p[4]), p[5].equals("approve")));
          } catch (NumberFormatException garbled) {
            // not a line this class wrote: skipped, its commit is verified again
          }
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** For tests and benchmarks: how many commits are remembered. */
  public synchronized int size() {
    load();
    return entries.size();
  }
}
