package dev.modelregistry.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What scripts use: registry.format=json on standard output, pull, and the allowed-signers file for
 * git.
 */
@MojoTest
class ScriptGoalsTest {
  @TempDir Path dir;
  Path key;
  String url;

  @BeforeEach
  void registry() {
    key = dir.resolve("keys/ops");
    try (Registry r = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      TestRegistry.register(r, dir, "risk_model", "v1.0.0", 0.05, 1.2);
      TestRegistry.register(r, dir, "risk_model", "v1.1.0", 0.06, 1.3);
      r.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
      url = r.directory().toString();
    }
  }

  @Test
  @InjectMojo(goal = "list")
  void listWritesOneJsonDocumentToStandardOutput(ListMojo mojo) throws Exception {
    mojo.url = url;
    mojo.model = "risk_model";
    mojo.format = "json";
    JsonNode doc = new ObjectMapper().readTree(StandardOutput.of(mojo::execute));
    assertEquals(2, doc.get("versions").size());
    assertEquals("v1.1.0", doc.get("versions").get(0).get("version").asText());
    assertEquals("production", doc.get("versions").get(1).get("status").asText());
    mojo.format = "yaml";
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        e.getMessage().contains("is not one of text")
            && e.getMessage().contains("-Dregistry.format"),
        e.getMessage());
  }

  @Test
  @InjectMojo(goal = "rollback")
  void aRefusalInJsonIsAnErrorDocumentAndABuildFailure(RollbackMojo mojo) throws Exception {
    mojo.url = url;
    mojo.model = "risk_model";
    mojo.format = "json";
    mojo.signingKey = key.toFile();
    String out = StandardOutput.of(() -> assertThrows(MojoFailureException.class, mojo::execute));
    JsonNode doc = new ObjectMapper().readTree(out);
    assertEquals("refused", doc.get("error").get("kind").asText());
    assertTrue(doc.get("error").get("message").asText().contains("needs a reason"), out);
  }

  @Test
  @InjectMojo(goal = "pull")
  void pullWritesWhatProductionRunsCheckedAndNeverOverwritesUnlessForced(PullMojo mojo)
      throws Exception {
    mojo.url = url;
    mojo.model = "risk_model";
    mojo.environment = "production";
    mojo.output = dir.resolve("serving/model.bin").toFile();
    mojo.execute();
    assertEquals("v1.0.0", mojo.pulled.version().value());
    try (Registry r = Registry.open(url)) {
      String sha = r.show().model("risk_model").version("v1.0.0").call().pointer().sha256().hex();
      assertTrue(
          TestRegistry.run(dir, "sha256sum", mojo.output.toString()).startsWith(sha),
          "the bytes production runs");
    }
    MojoFailureException exists = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(exists.getMessage().contains("exists; nothing written"), exists.getMessage());
    mojo.version = "v1.1.0";
    mojo.force = true;
    mojo.execute();
    assertEquals("v1.1.0", mojo.pulled.version().value());
    try (var files = Files.list(dir.resolve("serving"))) {
      assertEquals(1, files.count(), "no temporary file left beside it");
    }
  }

  @Test
  @InjectMojo(goal = "signers")
  void signersWritesTheAllowedSignersFileThatGitNeedsToCheckSignatures(SignersMojo mojo)
      throws Exception {
    mojo.url = url;
    mojo.output = dir.resolve("allowed_signers").toFile();
    mojo.execute();
    String check =
        TestRegistry.run(
            Path.of(url),
            "git",
            "-c",
            "gpg.ssh.allowedSignersFile=" + mojo.output,
            "log",
            "--format=%G? %GS",
            "production");
    assertEquals("G ops@example.com", check.strip(), "git checks the signatures from Git alone");
  }
}
