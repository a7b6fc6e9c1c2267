package dev.modelregistry.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.store.LocalArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup, backups and restore as goals: parameters in, the library called, answers and errors out.
 */
@MojoTest
class BackupGoalsTest {
  @TempDir Path dir;
  Path key;
  String url;
  Path backups;

  @BeforeEach
  void registry() {
    key = dir.resolve("keys/ops");
    try (Registry r = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      TestRegistry.register(r, dir, "risk_model", "v1.0.0", 0.05, 1.2);
      TestRegistry.register(r, dir, "risk_model", "v1.1.0", 0.06, 1.3);
      r.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
      url = r.directory().toString();
    }
    backups = dir.resolve("backups");
  }

  private Path libraryBackup() {
    try (Registry r = Registry.open(url)) {
      return r.backup().to(backups).call().path();
    }
  }

  @Test
  @InjectMojo(goal = "backup")
  void backupWritesABackupSharingWhatAnEarlierOneHoldsAndAnswersInJson(BackupMojo mojo)
      throws Exception {
    mojo.url = url;
    MojoFailureException none = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        none.getMessage().contains("No backup location given")
            && none.getMessage().contains("(-Dregistry.output)"),
        none.getMessage());
    mojo.output = backups.toFile();
    mojo.execute();
    assertEquals(2, mojo.written.copied());
    mojo.format = "json";
    JsonNode doc = new ObjectMapper().readTree(StandardOutput.of(mojo::execute));
    assertEquals(0, doc.get("copied").asInt(), doc.toString());
    assertEquals(2, doc.get("shared").asInt());
    assertTrue(Files.isDirectory(Path.of(doc.get("path").asText())));
  }

  @Test
  @InjectMojo(goal = "backups")
  void backupsListsEachBackupCheckedAndFailsTheBuildOnADamagedOne(BackupsMojo mojo)
      throws Exception {
    Path b = libraryBackup();
    mojo.url = dir.resolve("no-registry-needed").toString();
    mojo.output = backups.toFile();
    mojo.execute();
    assertEquals(1, mojo.listing.backups().size());
    assertTrue(mojo.listing.allVerified());
    Path bundle = b.resolve("registry.bundle");
    bundle.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(bundle);
    bytes[bytes.length / 2] ^= 1;
    Files.write(bundle, bytes);
    mojo.format = "json";
    String out = StandardOutput.of(() -> assertThrows(MojoFailureException.class, mojo::execute));
    JsonNode entry = new ObjectMapper().readTree(out).get("backups").get(0);
    assertFalse(entry.get("verified").asBoolean(), out);
    assertTrue(entry.get("problems").toString().contains("registry.bundle"), out);
  }

  @Test
  @InjectMojo(goal = "restore")
  void restoreIsADryRunUntilForcedAndKeepsTheRegistryItReplacesAside(RestoreMojo mojo)
      throws Exception {
    libraryBackup();
    try (Registry r = Registry.open(url)) {
      TestRegistry.register(r, dir, "risk_model", "v1.2.0", 0.07, 1.4);
    }
    mojo.url = url;
    mojo.from = "latest";
    mojo.output = backups.toFile();
    mojo.execute();
    assertTrue(mojo.restored.dryRun());
    try (Registry r = Registry.open(url)) {
      assertEquals(3, r.list().model("risk_model").call().size(), "a dry run writes nothing");
    }
    mojo.force = true;
    mojo.dryRun = true;
    mojo.execute();
    assertTrue(mojo.restored.dryRun(), "dryRun wins over force");
    mojo.dryRun = false;
    mojo.execute();
    assertFalse(mojo.restored.dryRun());
    assertNotNull(mojo.restored.keptAside());
    try (Registry r = Registry.open(url);
        Registry kept = Registry.open(mojo.restored.keptAside().toString())) {
      assertEquals(2, r.list().model("risk_model").call().size());
      assertEquals(3, kept.list().model("risk_model").call().size());
    }
    mojo.from = "1999-12-31";
    MojoFailureException noDate = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(noDate.getMessage().contains("(-Dregistry.from)"), noDate.getMessage());
  }

  @Test
  @InjectMojo(goal = "restore")
  void restoreOfOneVersionPutsItsBytesBackFromTheNewestBackup(RestoreMojo mojo) throws Exception {
    libraryBackup();
    Path stored;
    try (Registry r = Registry.open(url)) {
      stored =
          ((LocalArtifactStore) r.store())
              .pathOf(r.show().model("risk_model").version("v1.0.0").call().pointer().sha256());
    }
    Files.delete(stored);
    mojo.url = url;
    mojo.from = "latest";
    mojo.output = backups.toFile();
    mojo.model = "risk_model";
    mojo.version = "v1.0.0";
    mojo.force = true;
    mojo.execute();
    assertEquals(stored, mojo.restored.restoredTo());
    try (Registry r = Registry.open(url)) {
      r.validate().model("risk_model").version("v1.0.0").call();
    }
  }
}
