package dev.modelregistry.git.internal;

import dev.modelregistry.model.AtomicFile;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The last verified tip of each branch, as this user on this machine saw it ({@code tips} in the
 * {@link LocalState}), or as a CI job saw it last time (a file it keeps between runs, given to
 * {@code verify}). A branch whose new tip does not contain the old one was rewritten (a force-push,
 * a reset): history that was trusted is gone, and the registry says so instead of reading the new
 * one silently.
 */
public final class TipJournal {
  private final Path file;

  private TipJournal(Path file) {
    this.file = file;
  }

  /** This user's journal of a registry, in its state directory. */
  public static TipJournal inState(Path stateDir) {
    return new TipJournal(stateDir.resolve("tips"));
  }

  /** The journal kept in {@code file} (a CI job's own, between runs). */
  public static TipJournal at(Path file) {
    return new TipJournal(file);
  }

  /** Where this journal is kept. */
  public Path file() {
    return file;
  }

  /**
   * The key of the first commit of main, which tells one registry from another at the same place.
   */
  private static final String ROOT = ".root"; // no branch name starts with a dot

  /** The first commit of main of the registry these tips are of, or null if not recorded. */
  public synchronized String root() {
    return readAll().get(ROOT);
  }

  /**
   * Starts over for another registry found at the same place (its main has another first commit:
   * re-created, or replaced): the tips seen of the old one say nothing about it.
   */
  public synchronized void startOver(String root) {
    Map<String, String> fresh = new TreeMap<>();
    fresh.put(ROOT, root);
    writeAll(fresh);
  }

  /** The last tip of each branch (the root aside). */
  public synchronized Map<String, String> read() {
    Map<String, String> tips = readAll();
    tips.remove(ROOT);
    return tips;
  }

  private Map<String, String> readAll() {
    Map<String, String> tips = new TreeMap<>();
    if (!Files.exists(file)) {
      return tips;
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    p.forEach((k, v) -> tips.put((String) k, (String) v));
    return tips;
  }

  public synchronized void record(String branch, String tip) {
    Map<String, String> tips = readAll();
    if (tip.equals(tips.get(branch))) {
      return;
    }
    tips.put(branch, tip);
    writeAll(tips);
  }

  /** Replaces the tips with {@code tips}, keeping the root, atomically. */
  public synchronized void write(Map<String, String> tips) {
    Map<String, String> all = new TreeMap<>(tips);
    String root = root();
    if (root != null) {
      all.put(ROOT, root);
    }
    writeAll(all);
  }

  private void writeAll(Map<String, String> tips) {
    Properties p = new Properties();
    p.putAll(tips);
    AtomicFile.writeProperties(file, p, "last verified tip of each branch");
  }
}
