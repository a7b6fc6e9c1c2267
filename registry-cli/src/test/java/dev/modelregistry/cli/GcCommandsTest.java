package dev.modelregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.git.MutableClock;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.model.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gc from a shell: the dry run's report, the forced run, and what show and history say after. */
class GcCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Path key;
  String url;
  Cli cli;

  /**
   * Four versions registered 100 days ago; v1.0.0, v1.1.0 and v1.2.0 promoted then, so v1.0.0 is
   * archived (keep_last 1: v1.1.0 is the rollback target, v1.3.0 the newest).
   */
  @BeforeEach
  void registryWithAnOldArchivedVersion() {
    key = dir.resolve("ops_key");
    try (Registry r =
        TestRegistry.createSigned(
            dir, key, "ops@example.com", new RetentionPolicy(30, 90, 30, 1))) {
      r.withClock(new MutableClock(Instant.now().minus(Duration.ofDays(100))));
      for (String v : new String[] {"v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0"}) {
        TestRegistry.register(r, dir, "alpha", v, 0.05, 1.2);
      }
      for (String v : new String[] {"v1.0.0", "v1.1.0", "v1.2.0"}) {
        r.promote().model("alpha").version(v).signingKey(key).call();
      }
      url = r.directory().toString();
    }
    cli = new Cli(dir.resolve("home"));
  }

  @Test
  void aDryRunReportsThenAForcedRunCollectsAndShowAndHistorySaySo() throws Exception {
    Cli.Result dry = cli.run("gc", "--url", url);
    assertEquals(0, dry.status(), dry.toString());
    assertTrue(
        dry.out().startsWith("GC Report (dry run: nothing was removed)")
            && dry.out().contains("Expired archived versions: 1")
            && dry.out().contains("- alpha/v1.0.0 (archived, 100 days old, 2.0 KiB)")
            && dry.out().contains("Run again with --force"),
        dry.out());
    JsonNode doc = JSON.readTree(cli.run("gc", "--url", url, "--json").out());
    assertTrue(doc.get("dry_run").asBoolean(), doc.toString());
    assertEquals("v1.0.0", doc.get("candidates").get(0).get("version").asText());
    assertEquals("archived", doc.get("candidates").get(0).get("status").asText());

    Cli.Result noKey = cli.run("gc", "--url", url, "--force");
    assertEquals(2, noKey.status(), noKey.toString()); // a missing input: a usage error
    assertTrue(noKey.err().contains("(--signing-key)"), noKey.err());

    Cli.Result forced = cli.run("gc", "--url", url, "--force", "--signing-key", key.toString());
    assertEquals(0, forced.status(), forced.toString());
    assertTrue(forced.out().contains("Versions removed (signed commit "), forced.out());

    Cli.Result show = cli.run("show", "--url", url, "--model", "alpha", "--version", "v1.0.0");
    assertEquals(0, show.status(), show.toString());
    assertTrue(
        show.out().contains("v1.0.0 was collected by gc on ")
            && show.out().contains("by ops@example.com"),
        show.out());
    Cli.Result history = cli.run("history", "--url", url, "--model", "alpha");
    assertTrue(history.out().contains("v1.0.0 was collected by gc"), history.out());
    Cli.Result promote =
        cli.run(
            "promote",
            "--url",
            url,
            "--model",
            "alpha",
            "--version",
            "v1.0.0",
            "--signing-key",
            key.toString());
    assertEquals(1, promote.status(), promote.toString());
    assertTrue(promote.err().contains("was collected by gc"), promote.err());
    assertEquals(0, cli.run("verify", "--url", url).status());
  }
}
