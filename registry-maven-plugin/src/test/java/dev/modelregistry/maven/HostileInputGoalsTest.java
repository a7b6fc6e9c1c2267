package dev.modelregistry.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Hostile input through the goals: a registration refused where no registry exists creates none.
 */
@MojoTest
class HostileInputGoalsTest {
  /** What a terminal would act on: control characters but the line break, separators, bidirectional controls. */
  private static final String UNSAFE =
      "[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]";

  @TempDir Path dir;

  @Test
  @InjectMojo(goal = "register")
  void aRefusedRegistrationCreatesNoRegistry(RegisterMojo mojo) throws Exception {
    Path good = TestRegistry.artifact(dir, "model.bin", 4096, 7);
    Path meta = dir.resolve("meta");
    List<Consumer<RegisterMojo>> bad = List.of(
        m -> m.model = "Risk/Model",
        m -> m.model = "model.lock",
        m -> m.version = "1.0",
        m -> m.version = "v20250117",
        m -> m.artifact = null,
        m -> m.artifact = dir.resolve("missing.bin").toFile(),
        m -> m.artifact = TestRegistry.artifact(dir, "model\u2028.bin", 100, 1).toFile(),
        m -> m.metadata = TestRegistry.text(meta, "a.yaml", "metrics: [ic: 0.05\n").toFile(),
        m -> m.metadata = TestRegistry.text(meta, "b.yaml", "metrix:\n  ic: 0.05\n").toFile(),
        m -> m.metadata = TestRegistry.text(meta, "c.yaml", "version: \"v2.0.0\"\nmetrics: {ic: 1}\n").toFile());
    Path registry = dir.resolve("registry");
    for (int i = 0; i < bad.size(); i++) {
      mojo.url = registry.toString();
      mojo.model = "risk_model";
      mojo.version = "v1.0.0";
      mojo.artifact = good.toFile();
      mojo.metadata = null;
      bad.get(i).accept(mojo);
      MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute, "input " + i);
      assertFalse(e.getMessage().matches("(?s).*" + UNSAFE + ".*"), e.getMessage());
      assertFalse(Files.exists(registry), "input " + i + " created " + registry + ": " + e.getMessage());
    }
    mojo.artifact = good.toFile();
    mojo.metadata = null;
    mojo.execute();
    assertTrue(Registry.exists(registry.toString()));
  }
}
