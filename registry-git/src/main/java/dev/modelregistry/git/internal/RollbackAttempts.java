package dev.modelregistry.git.internal;

import dev.modelregistry.model.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Rollbacks begun on this machine whose outcome is not known yet: written just before the commit is
 * made, removed once the caller has the answer. One left behind means the process was killed or
 * lost the push's answer after the rollback may have landed; running the same rollback again would
 * then go back two versions, so {@link RollbackCommand} refuses while the environment has moved
 * since the attempt.
 */
public final class RollbackAttempts {
  private final Path file;
  private final String root; // a registry re-created at the same place starts with no attempts

  /**
   * The attempts recorded in {@code stateDir} for the registry whose main starts at {@code root}.
   */
  public RollbackAttempts(Path stateDir, String root) {
    this.file = stateDir.resolve("rollback-attempts");
    this.root = root;
  }

  /**
   * A rollback begun and not known to have ended.
   *
   * @param fromTip the environment branch's tip when it began
   */
  public record Attempt(String fromTip, String fromVersion, String toVersion, Instant startedAt) {}

  public synchronized Optional<Attempt> get(String environment, String model) {
    String line = load().getProperty(key(environment, model));
    if (line == null) {
      return Optional.empty();
    }
    String[] p = line.split(" ");
    if (p.length != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Attempt(p[0], p[1], p[2], Instant.parse(p[3])));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public synchronized void begin(String environment, String model, Attempt attempt) {
    Properties p = load();
    p.setProperty(
        key(environment, model),
        attempt.fromTip()
            + " "
            + attempt.fromVersion()
            + " "
            + attempt.toVersion()
            + " "
            + attempt.startedAt());
    save(p);
  }

  /** The outcome is known (landed, or certainly not): forget the attempt. */
  public synchronized void end(String environment, String model) {
    Properties p = load();
    if (p.remove(key(environment, model)) != null) {
      save(p);
    }
  }

  private String key(String environment, String model) {
    return root + "/" + environment + "/" + model;
  }

  private Properties load() {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException | IllegalArgumentException e) {
        // unreadable: as if nothing were pending; the rollback then checks the branch as usual
      }
    }
    return p;
  }

  private void save(Properties p) {
    AtomicFile.writeProperties(file, p, "rollbacks begun here whose outcome is not known yet");
  }
}
