package dev.modelregistry.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's parts: a command that signs also rehearses its key, started by the YAML part once
 * the policy's reader is built, and waiting for the warm-up waits for that part too.
 */
class WarmupTest {
  private static final Map<String, String> ENV = Map.of("GIT_CONFIG_NOSYSTEM", "1");

  @Test
  void aSigningCommandsWarmUpEndsWithItsSshPart() {
    Warmup warmup = Warmup.start(ENV, true, true);
    warmup.awaitAll();
    String report = warmup.report();
    assertTrue(report.contains("git="), report);
    assertTrue(report.contains("yaml="), report);
    assertTrue(report.contains("ssh="), "awaitAll returned before the SSH part: " + report);
  }

  @Test
  void aCommandThatDoesNotSignHasNoSshPart() {
    Warmup warmup = Warmup.start(ENV, false, false);
    warmup.awaitAll();
    String report = warmup.report();
    assertTrue(report.contains("yaml="), report);
    assertFalse(report.contains("ssh="), report);
  }
}
