package dev.modelregistry.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input through the goals: a registration refused where no registry exists creates none,
 * and values read from a registry (reasons, descriptions, metric names) reach the build's output
 * escaped, never as control, line-separator or bidirectional characters.
 */
@MojoTest
class HostileInputGoalsTest {
  /**
   * What a terminal would act on: control characters but the line break, separators, bidirectional
   * controls.
   */
  private static final String UNSAFE =
      "[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]";

  @TempDir Path dir;

  /** Every line a goal logs, with its level. */
  static final class RecordingLog extends SystemStreamLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public void info(CharSequence content) {
      lines.add("[INFO] " + content);
    }

    @Override
    public void warn(CharSequence content) {
      lines.add("[WARNING] " + content);
    }

    @Override
    public void error(CharSequence content) {
      lines.add("[ERROR] " + content);
    }

    String text() {
      return String.join("\n", lines);
    }

    void assertNothingUnsafe() {
      for (String l : lines) {
        assertFalse(l.matches("(?s).*" + UNSAFE + ".*"), "an unsafe character got through: " + l);
        assertFalse(l.contains("\n"), "a value broke its line: " + l);
      }
    }
  }

  @Test
  @InjectMojo(goal = "register")
  void aRefusedRegistrationCreatesNoRegistry(RegisterMojo mojo) throws Exception {
    Path good = TestRegistry.artifact(dir, "model.bin", 4096, 7);
    Path meta = dir.resolve("meta");
    List<Consumer<RegisterMojo>> bad =
        List.of(
            m -> m.model = "Risk/Model",
            m -> m.model = "model.lock",
            m -> m.version = "1.0",
            m -> m.version = "v20250117",
            m -> m.artifact = null,
            m -> m.artifact = dir.resolve("missing.bin").toFile(),
            m -> m.artifact = TestRegistry.artifact(dir, "model\u2028.bin", 100, 1).toFile(),
            m -> m.metadata = TestRegistry.text(meta, "a.yaml", "metrics: [ic: 0.05\n").toFile(),
            m -> m.metadata = TestRegistry.text(meta, "b.yaml", "metrix:\n  ic: 0.05\n").toFile(),
            m ->
                m.metadata =
                    TestRegistry.text(meta, "c.yaml", "version: \"v2.0.0\"\nmetrics: {ic: 1}\n")
                        .toFile());
    Path registry = dir.resolve("registry");
    for (int i = 0; i < bad.size(); i++) {
      mojo.url = registry.toString();
      mojo.model = "risk_model";
      mojo.version = "v1.0.0";
      mojo.artifact = good.toFile();
      mojo.metadata = null;
      bad.get(i).accept(mojo);
      MojoFailureException e =
          assertThrows(MojoFailureException.class, mojo::execute, "input " + i);
      assertFalse(e.getMessage().matches("(?s).*" + UNSAFE + ".*"), e.getMessage());
      assertFalse(
          Files.exists(registry), "input " + i + " created " + registry + ": " + e.getMessage());
    }
    mojo.artifact = good.toFile();
    mojo.metadata = null;
    mojo.execute();
    assertTrue(Registry.exists(registry.toString()));
  }

  @Test
  @InjectMojo(goal = "show")
  void showEscapesAReasonAndMetadataReadFromTheRegistry(ShowMojo mojo) throws Exception {
    Path key = dir.resolve("keys/ops");
    Path meta =
        TestRegistry.text(
            dir,
            "metadata.yaml",
            "description: \"trained on\\u2028[INFO] BUILD SUCCESS \\u202efdp.exe\"\nmetrics: {ic: 0.04}\n");
    try (Registry r = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      r.register()
          .model("m")
          .version("v1.0.0")
          .artifact(TestRegistry.artifact(dir, "model.bin", 4096, 7))
          .metadataFile(meta)
          .call();
      r.fail()
          .model("m")
          .version("v1.0.0")
          .reason("look-ahead\n[INFO] BUILD SUCCESS\u001b[2J")
          .signingKey(key)
          .call();
      mojo.url = r.directory().toString();
    }
    RecordingLog log = new RecordingLog();
    mojo.setLog(log);
    mojo.model = "m";
    mojo.version = "v1.0.0";
    mojo.execute();
    log.assertNothingUnsafe();
    assertTrue(
        log.text()
            .contains(
                "[INFO]   failed: look-ahead\\u000a[INFO] BUILD SUCCESS\\u001b[2J (by ops@example.com at "),
        log.text());
    // the YAML writer escapes U+2028 its own way (\L); the bidirectional override it leaves is
    // escaped here
    assertTrue(
        log.text().contains("description: \"trained on\\L[INFO] BUILD SUCCESS \\u202efdp.exe\""),
        log.text());
  }

  @Test
  @InjectMojo(goal = "list")
  void listEscapesMetricNamesAndKeepsItsColumns(ListMojo mojo) throws Exception {
    Path meta =
        TestRegistry.text(
            dir, "metadata.yaml", "metrics: {\"ic\": 0.04, \"x\\u202e\\u2066\": 1.5}\n");
    try (Registry r = TestRegistry.create(dir)) {
      r.register()
          .model("m")
          .version("v1.0.0")
          .artifact(TestRegistry.artifact(dir, "model.bin", 4096, 7))
          .metadataFile(meta)
          .call();
      mojo.url = r.directory().toString();
    }
    RecordingLog log = new RecordingLog();
    mojo.setLog(log);
    mojo.execute();
    log.assertNothingUnsafe();
    assertTrue(
        log.lines
            .get(0)
            .startsWith("[INFO] MODEL  VERSION  STATUS  IC    X\\u202e\\u2066  CREATED"),
        log.lines.get(0));
    assertTrue(
        log.lines.get(1).startsWith("[INFO] m      v1.0.0   staged  0.04  1.5            "),
        log.lines.get(1));
  }

  @Test
  @InjectMojo(goal = "history")
  void historyEscapesAReasonReadFromTheRegistry(HistoryMojo mojo) throws Exception {
    Path key = dir.resolve("keys/ops");
    try (Registry r = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      TestRegistry.register(r, dir, "m", "v1.0.0", 0.05, 1.2);
      r.promote()
          .model("m")
          .version("v1.0.0")
          .reason("weekly\u2029[INFO] approved by risk \u2067x\u2069")
          .signingKey(key)
          .call();
      mojo.url = r.directory().toString();
    }
    RecordingLog log = new RecordingLog();
    mojo.setLog(log);
    mojo.model = "m";
    mojo.at = "2999-01-01T00:00:00Z";
    mojo.execute();
    log.assertNothingUnsafe();
    assertTrue(
        log.lines
            .get(0)
            .endsWith(
                ", reason: weekly\\u2029[INFO] approved by risk \\u2067x\\u2069 (commit "
                    + mojo.history.inForce().orElseThrow().commit().substring(0, 12)
                    + ", sha256 "
                    + mojo.history.inForce().orElseThrow().record().sha256().abbreviated()
                    + ")"),
        log.lines.get(0));
    assertTrue(
        log.lines
            .get(log.lines.size() - 1)
            .endsWith("weekly\\u2029[INFO] approved by risk \\u2067x\\u2069"),
        log.text());
  }

  /** A library refusal that embeds a reason read from the registry reaches Maven escaped. */
  @Test
  @InjectMojo(goal = "rollback")
  void aRefusalEmbeddingAReasonReadFromTheRegistryIsEscaped(RollbackMojo mojo) throws Exception {
    Path key = dir.resolve("keys/ops");
    try (Registry r = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      TestRegistry.register(r, dir, "m", "v1.0.0", 0.05, 1.2);
      TestRegistry.register(r, dir, "m", "v1.1.0", 0.06, 1.3);
      r.promote().model("m").version("v1.0.0").signingKey(key).call();
      r.promote().model("m").version("v1.1.0").signingKey(key).call();
      r.fail()
          .model("m")
          .version("v1.0.0")
          .reason("leak \u202eSSECCUS\u202c")
          .signingKey(key)
          .call();
      mojo.url = r.directory().toString();
    }
    mojo.model = "m";
    mojo.reason = "v1.1.0 losing money";
    mojo.signingKey = key.toFile();
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        e.getMessage().contains("is marked failed (leak \\u202eSSECCUS\\u202c)"), e.getMessage());
  }

  /**
   * What the goal's log prints when a file name or path holds unsafe characters, for a path given
   * by the user.
   */
  @Test
  @InjectMojo(goal = "register")
  void registerPrintsTheRegistryAndStoreEscaped(RegisterMojo mojo) throws Exception {
    Path registry = dir.resolve("reg\u200fistry");
    RecordingLog log = new RecordingLog();
    mojo.setLog(log);
    mojo.url = registry.toString();
    mojo.model = "m";
    mojo.version = "v1.0.0";
    mojo.artifact = new File(TestRegistry.artifact(dir, "model.bin", 4096, 7).toString());
    mojo.execute();
    log.assertNothingUnsafe();
    assertTrue(
        log.text().contains("Registered m v1.0.0 in " + dir + "/reg\\u200fistry"), log.text());
  }
}
