package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.internal.BackupLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} as the seeds' daily checklist: did the backup happen, is it intact, did verify
 * run, and what changed since each; read from the backup location and the registry, never from a
 * record of their own.
 */
class StatusTest {
  @TempDir Path dir;
  Path key;
  Path backups;
  MutableClock clock = new MutableClock(Instant.parse("2026-03-02T06:00:00Z"));
  Registry registry;

  @BeforeEach
  void signedRegistryWithProduction() {
    key = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, key, "ops@example.com").withClock(clock);
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
    registry.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
    backups = dir.resolve("backups");
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private StatusCommand.Status status() {
    return registry.status().backupsAt(backups).call();
  }

  private static boolean warns(StatusCommand.Status s, String text) {
    return s.warnings().stream().anyMatch(w -> w.contains(text));
  }

  @Test
  void withNoBackupAndNoVerifyStatusSaysSoAndWarns() {
    StatusCommand.Status none = registry.status().call();
    assertEquals(Optional.empty(), none.backupLocation());
    assertTrue(warns(none, "No backup location is set"), none.warnings().toString());
    assertTrue(warns(none, "verify has never run"), none.warnings().toString());

    StatusCommand.Status at = status();
    assertEquals(Optional.of(backups), at.backupLocation());
    assertEquals(Optional.empty(), at.lastBackup());
    assertTrue(warns(at, "No backup of this registry at " + backups), at.warnings().toString());
  }

  @Test
  void theNewestBackupIsReportedIntactWithTheBranchesChangedSince() {
    registry.backup().to(backups).call();
    clock.advance(Duration.ofHours(1));
    BackupCommand.Written newest = registry.backup().to(backups).call();

    StatusCommand.Backup b = status().lastBackup().orElseThrow();
    assertEquals(newest.path(), b.path());
    assertEquals(clock.instant(), b.createdAt());
    assertTrue(b.intact(), b.problems().toString());
    assertEquals(2, b.artifacts());
    assertEquals(List.of(), b.changedSince());
    assertFalse(warns(status(), "backup"), status().warnings().toString());

    registry.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
    assertEquals(List.of("production"), status().lastBackup().orElseThrow().changedSince());
  }

  @Test
  void aBackupOlderThanADayIsAMissedBackup() {
    registry.backup().to(backups).call();
    clock.advance(Duration.ofHours(30));
    StatusCommand.Status s = status();
    assertTrue(warns(s, "The newest backup is 30 hours old"), s.warnings().toString());
    assertTrue(warns(s, "the daily backup did not run"), s.warnings().toString());
  }

  @Test
  void aDamagedNewestBackupIsReportedDamagedNamingTheFile() throws Exception {
    BackupCommand.Written b = registry.backup().to(backups).call();
    Path artifact;
    try (Stream<Path> files = Files.walk(b.path().resolve("artifacts"))) {
      artifact = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    Files.delete(artifact);

    StatusCommand.Status s = status();
    StatusCommand.Backup seen = s.lastBackup().orElseThrow();
    assertFalse(seen.intact());
    assertTrue(
        seen.problems().stream().anyMatch(p -> p.contains(artifact.getFileName().toString())),
        seen.problems().toString());
    assertTrue(warns(s, "is damaged"), s.warnings().toString());
  }

  @Test
  void aBackupDeletedByHandIsNoLongerReported() throws Exception {
    BackupCommand.Written b = registry.backup().to(backups).call();
    BackupLocation.deleteTree(b.path());
    assertEquals(Optional.empty(), status().lastBackup());
  }

  @Test
  void backupsOfAnotherRegistryAtTheSameLocationAreNotThisOnesBackup() {
    try (Registry other =
        TestRegistry.createSigned(dir.resolve("other"), dir.resolve("k2"), "x@example.com")) {
      register(other, dir, "other_model", "v1.0.0", 0.05, 1.2);
      other.backup().to(backups).call();
    }
    assertEquals(Optional.empty(), status().lastBackup());
  }

  @Test
  void theLastVerifySaysWhatChangedSinceAndAFailedOneWarns() throws Exception {
    VerifyCommand.Report r = registry.verify().call();
    StatusCommand.Verify v = status().lastVerify().orElseThrow();
    assertTrue(v.clean());
    assertEquals(clock.instant(), v.at());
    assertEquals(Optional.of(List.of()), v.changedSince());
    assertFalse(warns(status(), "verify"), status().warnings().toString());

    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5);
    assertEquals(Optional.of(List.of("main")), status().lastVerify().orElseThrow().changedSince());

    clock.advance(Duration.ofDays(3));
    assertTrue(warns(status(), "The last verify on this machine is 3 days old"));

    // an artifact damaged in the store: verify finds it, and status says the last verify failed
    BackupFaultsTest.flipByte(
        ((dev.modelregistry.git.store.LocalArtifactStore) registry.store())
            .pathOf(
                registry.show().model("risk_model").version("v1.0.0").call().pointer().sha256()));
    assertFalse(registry.verify().call().clean());
    StatusCommand.Status s = status();
    assertFalse(s.lastVerify().orElseThrow().clean());
    assertTrue(
        warns(s, "The last verify found problems: Registry NOT verified"), s.warnings().toString());
    assertTrue(r.clean());
  }
}
