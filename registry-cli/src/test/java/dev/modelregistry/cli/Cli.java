package dev.modelregistry.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the {@code registry} command in this JVM with its own streams, environment and home, as a
 * shell would.
 */
final class Cli {
  private final Path home;
  private final Map<String, String> env = new HashMap<>();

  Cli(Path home) {
    this.home = home;
  }

  /**
   * Creates a signed registry at {@code url} whose trusted signer is ops@example.com, with a new
   * ed25519 key written to {@code key}, through {@code registry init}; fails the test if it fails.
   */
  Result initSigned(String url, Path key) {
    dev.modelregistry.git.signing.SshKeys.generateEd25519(key, "ops@example.com");
    Result init =
        run(
            "init",
            "--url",
            url,
            "--signing-key",
            key.toString(),
            "--principal",
            "ops@example.com");
    org.junit.jupiter.api.Assertions.assertEquals(0, init.status(), init.toString());
    return init;
  }

  /** Sets an environment variable for the next runs. */
  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** What one run printed and how it ended. */
  record Result(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * Registers {@code version} of {@code model} at {@code url} with a new 4 KiB artifact and the
   * given metrics, its files written under {@code dir}.
   */
  Result register(Path dir, String url, String model, String version, double ic, double sharpe) {
    Path artifact =
        dev.modelregistry.git.TestRegistry.artifact(
            dir, "model-" + version + ".bin", 4096, version.hashCode());
    Path metadata =
        dev.modelregistry.git.TestRegistry.text(
            dir,
            "metadata-" + version + ".yaml",
            "metrics:\n  ic: " + ic + "\n  sharpe: " + sharpe + "\n");
    return run(
        "register",
        "--url",
        url,
        "--model",
        model,
        "--version",
        version,
        "--artifact",
        artifact.toString(),
        "--metadata",
        metadata.toString());
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        RegistryCli.run(
            new Terminal(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.copyOf(env),
                home,
                null),
            args);
    return new Result(status, out.toString(), err.toString());
  }
}
