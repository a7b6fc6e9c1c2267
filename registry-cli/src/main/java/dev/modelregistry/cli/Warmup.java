package dev.modelregistry.cli;

import dev.modelregistry.git.signing.MinaProviders;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.Policy;
import java.util.List;

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
    // Jackson builds a reader for each type on its first use, and keeps it in the shared mapper:
    // reading the default policy back here builds the policy's readers before the command reads one.
    run("registry-warmup-yaml", () -> SafeMapper.readYaml(SafeMapper.writeYaml(Policy.defaults(List.of())), Policy.class,
        "warm-up"));
    if (signs) {
      run("registry-warmup-ssh", MinaProviders::load);
    }
  }

  private static void run(String name, Runnable work) {
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (RuntimeException | LinkageError e) {
        // the command does the same work again and reports what goes wrong
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }
}
