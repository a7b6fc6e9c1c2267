package dev.modelregistry.git;

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
 * Commits already verified, remembered in {@code registry-cache/verified} in the Git directory:
 * one line per commit, {@code <commit> <trust state> <principal>}. A commit is only remembered
 * once it and all its ancestors on its branch verified, so a reader can stop at the first commit
 * it finds here: reading production after N new commits verifies N commits, not the history.
 *
 * <p>The file is local state, never pushed; deleting it costs one full verification.
 */
final class VerifiedCache {
  private final Path file;
  private Map<String, Entry> entries;

  /** What was verified: under which trust state, signed by whom. */
  record Entry(String trustId, String principal) {}

  VerifiedCache(Path dir) {
    this.file = dir == null ? null : dir.resolve("verified");
  }

  /** A cache that starts empty and is never written to disk. */
  static VerifiedCache inMemory() {
    return new VerifiedCache(null);
  }

  synchronized Entry get(String commit) {
    load();
    return entries.get(commit);
  }

  /** Remembers verified commits, oldest first. */
  synchronized void addAll(List<Map.Entry<String, Entry>> verified) {
    if (verified.isEmpty()) {
      return;
    }
    load();
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, Entry> e : verified) {
      entries.put(e.getKey(), e.getValue());
      lines.append(e.getKey()).append(' ').append(e.getValue().trustId()).append(' ')
          .append(e.getValue().principal()).append('\n');
    }
    if (file == null) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      // One append of whole lines: a crash leaves at worst a torn last line, which load() skips.
      Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] p = line.split(" ");
        if (p.length == 3 && p[0].length() == 40) {
          entries.put(p[0], new Entry(p[1], p[2]));
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** For tests and benchmarks: how many commits are remembered. */
  synchronized int size() {
    load();
    return entries.size();
  }
}
