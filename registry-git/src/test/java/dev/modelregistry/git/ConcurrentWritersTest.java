package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes promoting and rolling back one model at once: no update is lost, none is doubled.
 */
class ConcurrentWritersTest {
  @TempDir Path dir;

  private Process start(Path registry, Path key, List<String> ops) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // short-lived writers on a 2-core machine: C1 only and a serial GC leave the cores
                // to the work
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                WriterProcess.class.getName(),
                registry.toString(),
                key.toString(),
                "risk_model"));
    cmd.addAll(ops);
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  @Test
  void twoProcessesNeverLoseAnUpdate() throws Exception {
    Path key = dir.resolve("keys/ops");
    Path url;
    try (Registry r = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0")) {
        register(r, dir, "risk_model", v, 0.05, 1.2);
      }
      url = r.directory();
    }
    List<String> a =
        List.of(
            "promote:v1.0.0",
            "promote:v1.1.0",
            "rollback",
            "promote:v1.2.0",
            "promote:v1.1.0",
            "rollback");
    List<String> b =
        List.of(
            "promote:v1.1.0",
            "promote:v1.2.0",
            "promote:v1.0.0",
            "rollback",
            "promote:v1.2.0",
            "rollback");
    Process pa = start(url, key, a);
    Process pb = start(url, key, b);
    List<String> outcomes = new ArrayList<>();
    for (Process p : List.of(pa, pb)) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      outcomes.addAll(
          out.lines().filter(l -> l.matches("(promoted|already|rolledback|refused) .*")).toList());
    }
    assertEquals(12, outcomes.size(), String.join("\n", outcomes));
    long writes =
        outcomes.stream()
            .filter(o -> o.startsWith("promoted") || o.startsWith("rolledback"))
            .count();
    try (Registry r = Registry.open(url.toString())) {
      var history = r.history().model("risk_model").call().entries(); // verifies every commit
      assertEquals(
          writes,
          history.size(),
          "every successful write is one commit, none lost:\n" + String.join("\n", outcomes));
    }
    TestRegistry.run(url, "git", "fsck", "--strict");
  }
}
