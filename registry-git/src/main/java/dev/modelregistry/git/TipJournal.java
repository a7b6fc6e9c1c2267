package dev.modelregistry.git;

import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The last verified tip of each branch, as this machine saw it ({@code registry-cache/tips}). A
 * branch whose new tip does not contain the old one was rewritten (a force-push, a reset): history
 * that was trusted is gone, and the registry says so instead of reading the new one silently.
 */
final class TipJournal {
  private final Path file;

  TipJournal(Path cacheDir) {
    this.file = cacheDir.resolve("tips");
  }

  synchronized Map<String, String> read() {
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

  synchronized void record(String branch, String tip) {
    Map<String, String> tips = read();
    if (tip.equals(tips.get(branch))) {
      return;
    }
    tips.put(branch, tip);
    Properties p = new Properties();
    p.putAll(tips);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "tips", ".tmp");
      try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(out, "last verified tip of each branch");
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
