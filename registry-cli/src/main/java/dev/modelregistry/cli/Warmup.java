package dev.modelregistry.cli;

import dev.modelregistry.git.signing.MinaProviders;
import dev.modelregistry.model.SafeMapper;
import java.util.Map;

/**
 * Starts, on a daemon thread, the one-time work of a new JVM that the command will need later:
 * the YAML mapper (every command reads {@code registry.yaml}) and, for a command that signs, the
 * SSH key support. The main thread meanwhile parses the command line and opens the repository; on
 * two cores most of the warm-up is then hidden. Class initialisation is thread-safe: the main
 * thread that needs a class still being initialised waits for it, and a failure here only means
 * the main thread does the work itself (and reports any error).
 */
final class Warmup {
  private Warmup() {}

  static void start(boolean signs) {
    Thread t = new Thread(() -> {
      try {
        if (signs) {
          MinaProviders.load(); // the longest: first, so that it is done when the commit is signed
        }
        SafeMapper.readYaml("warm: up\n", Map.class, "warm-up");
      } catch (RuntimeException | LinkageError e) {
        // the command does the same work again and reports what goes wrong
      }
    }, "registry-warmup");
    t.setDaemon(true);
    t.start();
  }
}
