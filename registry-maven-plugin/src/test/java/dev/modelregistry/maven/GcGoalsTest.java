package dev.modelregistry.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gc as a goal: a dry run unless registry.force=true, the report in JSON, the refusals mapped. */
@MojoTest
class GcGoalsTest {
  @TempDir Path dir;
  Path key;
  String url;

  /** Two versions registered 100 days ago, never promoted (keep_last 1: v1.1.0 stays). */
  @BeforeEach
  void registryWithAnOldStagedVersion() {
    key = dir.resolve("keys/ops");
    try (Registry r =
        TestRegistry.createSigned(
            dir, key, "ops@example.com", new RetentionPolicy(30, 90, 30, 1))) {
      r.withClock(new MutableClock(Instant.now().minus(Duration.ofDays(100))));
      TestRegistry.register(r, dir, "risk_model", "v1.0.0", 0.05, 1.2);
      TestRegistry.register(r, dir, "risk_model", "v1.1.0", 0.06, 1.3);
      url = r.directory().toString();
    }
  }

  @Test
  @InjectMojo(goal = "gc")
  void gcIsADryRunUntilForcedAndSignsWhatItRemoves(GcMojo mojo) throws Exception {
    mojo.url = url;
    mojo.execute();
    assertTrue(mojo.report.dryRun());
    assertEquals("v1.0.0", mojo.report.candidates().get(0).version().value());
    mojo.format = "json";
    JsonNode doc = new ObjectMapper().readTree(StandardOutput.of(mojo::execute));
    assertEquals(2048, doc.get("reclaimable").asLong(), doc.toString());

    mojo.format = "text";
    mojo.force = true;
    MojoFailureException noKey = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        noKey.getMessage().startsWith("Refused (nothing was written): ")
            && noKey.getMessage().contains("(-Dregistry.signingKey)"),
        noKey.getMessage());
    mojo.dryRun = true;
    mojo.signingKey = key.toFile();
    mojo.execute();
    assertTrue(mojo.report.dryRun(), "dryRun wins over force");
    mojo.dryRun = false;
    mojo.execute();
    assertFalse(mojo.report.dryRun());
    assertNotNull(mojo.report.commit());
    try (Registry r = Registry.open(url)) {
      assertEquals(1, r.list().model("risk_model").call().size());
      assertTrue(
          r.show().model("risk_model").version("v1.0.0").call().collected().orElseThrow().byGc());
    }
  }
}
