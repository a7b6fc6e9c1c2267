package dev.modelregistry.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.model.VersionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals through the plugin testing harness: parameters in, library called, errors mapped. */
@MojoTest
class GoalsTest {
  @TempDir Path dir;
  Path artifact;
  Path metadata;
  String url;

  @BeforeEach
  void files() {
    artifact = TestRegistry.artifact(dir, "model.bin", 4096, 7);
    metadata = TestRegistry.text(dir, "metadata.yaml", "metrics:\n  ic: 0.04\n  sharpe: 0.9\n");
    url = dir.resolve("registry").toString();
  }

  private void configure(RegisterMojo mojo, String model, String version) {
    mojo.url = url;
    mojo.model = model;
    mojo.version = version;
    mojo.artifact = artifact.toFile();
    mojo.metadata = metadata.toFile();
  }

  @Test
  @InjectMojo(goal = "register")
  void registerCreatesTheEmbeddedRegistryAndRecordsTheVersion(RegisterMojo mojo) throws Exception {
    configure(mojo, "risk_model", "v1.0.0");
    mojo.execute();
    try (Registry r = Registry.open(url)) {
      var rows = r.list().model("risk_model").call();
      assertEquals(1, rows.size());
      assertEquals(0.04, rows.get(0).metrics().get("ic"));
      assertEquals(VersionStatus.STAGED, rows.get(0).status());
    }
    mojo.execute(); // an identical retry is a no-op, not an error
  }

  @Test
  @InjectMojo(goal = "register")
  void aBadNameIsABuildFailureThatShowsTheRule(RegisterMojo mojo) {
    configure(mojo, "Risk/Model", "v1.0.0");
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().contains("lower-case letters"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "register")
  void aMissingArtifactIsABuildFailureNamingTheProperty(RegisterMojo mojo) {
    configure(mojo, "risk_model", "v1.0.0");
    mojo.artifact = null;
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().contains("registry.artifact"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "register")
  void aBrokenEnvironmentIsABuildError(RegisterMojo mojo) throws Exception {
    configure(mojo, "risk_model", "v1.0.0");
    try (Registry r = Registry.openOrInit(url)) {
      Files.writeString(
          r.directory().resolve("artifacts"), "a file where the store's directory should be");
    }
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(e.getMessage().contains("artifact store"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "register")
  void skipWritesNothing(RegisterMojo mojo) throws Exception {
    configure(mojo, "risk_model", "v1.0.0");
    mojo.skip = true;
    mojo.execute();
    assertFalse(Files.exists(Path.of(url)));
  }

  @Test
  @InjectMojo(goal = "list")
  void listFiltersByStatusAndFailsOnAnUnknownOne(ListMojo mojo) throws Exception {
    try (Registry r = TestRegistry.create(dir)) {
      r.register().model("m").version("v1.0.0").artifact(artifact).metadataFile(metadata).call();
      mojo.url = r.directory().toString();
    }
    mojo.execute();
    assertEquals(1, mojo.rows.size());
    String table = String.join("\n", dev.modelregistry.git.text.AnswerText.versions(mojo.rows));
    assertTrue(table.startsWith("MODEL  VERSION  STATUS  IC    SHARPE"), table);
    assertTrue(table.contains("m      v1.0.0   staged  0.04  0.9"), table);
    mojo.status = "production";
    mojo.execute();
    assertEquals(0, mojo.rows.size());
    mojo.status = "live";
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("staged, production"));
  }

  @Test
  @InjectMojo(goal = "show")
  void showReturnsTheMetadataAndRefusesUnknownVersions(ShowMojo mojo) throws Exception {
    try (Registry r = TestRegistry.create(dir)) {
      r.register().model("m").version("v1.0.0").artifact(artifact).metadataFile(metadata).call();
      mojo.url = r.directory().toString();
    }
    mojo.model = "m";
    mojo.version = "v1.0.0";
    mojo.execute();
    assertEquals(0.9, mojo.shown.metadata().metrics().get("sharpe"));
    mojo.version = "v2.0.0";
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("Registered versions: v1.0.0"));
  }

  @Test
  @InjectMojo(goal = "validate")
  void validateFailsTheBuildOnATamperedArtifact(ValidateMojo mojo) throws Exception {
    Path stored;
    try (Registry r = TestRegistry.create(dir)) {
      stored = r.register().model("m").version("v1.0.0").artifact(artifact).call().storedAt();
      mojo.url = r.directory().toString();
    }
    mojo.model = "m";
    mojo.version = "v1.0.0";
    mojo.execute();
    stored.toFile().setWritable(true);
    byte[] b = Files.readAllBytes(stored);
    b[0] ^= 0x20;
    Files.write(stored, b);
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        e.getMessage().contains("expected sha256") && e.getMessage().contains("found    sha256"),
        e.getMessage());
  }

  @Test
  @InjectMojo(goal = "list")
  void aMissingRegistrySaysHowToCreateOne(ListMojo mojo) {
    mojo.url = dir.resolve("nothing-here").toString();
    String message = assertThrows(MojoFailureException.class, mojo::execute).getMessage();
    assertTrue(
        message.startsWith("Refused")
            && message.contains("registry-maven-plugin:init -Dregistry.url="),
        message);
  }
}
