package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.ArtifactMissingException;
import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.errors.NoRegistryException;
import dev.modelregistry.git.internal.BackupLocation;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.BackupManifest;
import dev.modelregistry.model.BackupPolicy;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups, their listing and restores, on real registries, real bundles and real files: what the
 * seeds' runbooks do with {@code ls backups/}, {@code cp -r} and a restore script, and the faults
 * they never test (a damaged backup, a wrong one, a crash part-way, a hostile one).
 */
class BackupTest {
  @TempDir Path dir;
  Path key;
  Path backups;
  Registry registry;
  String url;

  @BeforeEach
  void signedRegistryWithProduction() {
    key = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, key, "ops@example.com");
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
    registry.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
    url = registry.directory().toString();
    backups = dir.resolve("backups");
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private BackupCommand.Written backup() {
    return registry.backup().to(backups).call();
  }

  private RestoreCommand restore() {
    return Registry.restore(url, RegistryOptions.defaults()).location(backups);
  }

  @Test
  void aRegistryDeletedEntirelyComesBackFromItsBackupVerifiedWithItsArtifacts() throws Exception {
    BackupCommand.Written b = backup();
    assertEquals(2, b.artifacts());
    assertEquals(2, b.copied());
    assertEquals(0, b.shared());
    assertTrue(b.refs() >= 2, "main and production");
    assertTrue(Files.isRegularFile(b.path().resolve("registry.bundle")));
    assertTrue(
        TestRegistry.run(
                dir,
                "git",
                "-C",
                url,
                "bundle",
                "verify",
                b.path().resolve("registry.bundle").toString())
            .contains("okay"),
        "git itself reads the bundle");
    String root = registry.rootCommit();
    registry.close();
    BackupLocation.deleteTree(Path.of(url));

    RestoreCommand.Restored r = restore().force(true).call();
    assertFalse(r.dryRun());
    assertNull(r.keptAside(), "nothing was there to keep");
    assertEquals(2, r.artifacts());
    try (Registry back = Registry.open(url)) {
      registry = back;
      assertEquals(root, back.rootCommit());
      assertEquals("v1.0.0", back.current().model("risk_model").call().orElseThrow().version());
      VerifyCommand.Report report = back.verify().call();
      assertTrue(report.clean(), report.findings().toString());
      assertEquals(2, report.artifacts());
      back.promote()
          .model("risk_model")
          .version("v1.1.0")
          .signingKey(key)
          .call(); // a working registry, not a museum
    }
    registry = Registry.open(url);
  }

  @Test
  void aSecondBackupSharesTheArtifactsOfTheFirstAndEachRestoresOnItsOwn() throws Exception {
    BackupCommand.Written first = backup();
    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5);
    BackupCommand.Written second = backup();
    assertEquals(3, second.artifacts());
    assertEquals(1, second.copied(), "only the new version's bytes are copied");
    assertEquals(2, second.shared());
    assertEquals(2048, second.copiedBytes());
    assertNotEquals(first.path(), second.path());

    BackupManifest m = manifest(second.path());
    int sameFiles = 0;
    for (BackupManifest.FileEntry f : m.artifactFiles()) {
      Path a = first.path().resolve(f.path());
      if (Files.exists(a)) {
        assertEquals(
            Files.readAttributes(a, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
            Files.readAttributes(
                    second.path().resolve(f.path()),
                    java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey(),
            "one file on disk, in both backups");
        sameFiles++;
      }
    }
    assertEquals(2, sameFiles);

    BackupsCommand.Listing listing = Registry.backups(backups).call();
    assertEquals(
        List.of(first.path(), second.path()),
        listing.backups().stream().map(BackupsCommand.Entry::path).toList());
    assertTrue(listing.allVerified(), listing.toString());
    assertEquals(3, listing.backups().get(1).artifacts());

    BackupLocation.deleteTree(
        first.path()); // the older backup is gone: the newer one still holds every byte it needs
    registry.close();
    BackupLocation.deleteTree(Path.of(url));
    restore().from(second.path().toString()).force(true).call();
    registry = Registry.open(url);
    assertTrue(registry.verify().call().clean());
    assertEquals(3, registry.list().model("risk_model").call().size());

    // and the other way round: the newer one deleted, the older restores alone
    BackupCommand.Written third = backup();
    BackupCommand.Written fourth = backup();
    assertEquals(3, fourth.shared());
    BackupLocation.deleteTree(fourth.path());
    registry.close();
    BackupLocation.deleteTree(Path.of(url));
    restore().from(third.path().toString()).force(true).call();
    registry = Registry.open(url);
    assertTrue(registry.verify().call().clean());
  }

  @Test
  void aDamagedBackupIsReportedByBackupsAndRefusedByRestoreBeforeAnythingIsTouched()
      throws Exception {
    Path good = backup().path();
    Map<String, String> damage = new TreeMap<>();
    damage.put("registry.bundle", "registry.bundle");
    damage.put("artifact", manifest(good).artifactFiles().get(0).path());
    damage.put("manifest", BackupManifest.FILE);
    for (Map.Entry<String, String> d : damage.entrySet()) {
      Path location = dir.resolve("damaged-" + d.getKey());
      Path copy = location.resolve(good.getFileName());
      Files.createDirectories(location);
      TestRegistry.run(
          dir,
          "cp",
          "-r",
          good.toString(),
          copy.toString()); // its own files, not links to the good ones
      flipByte(copy.resolve(d.getValue()));

      BackupsCommand.Entry listed = Registry.backups(location).call().backups().get(0);
      assertEquals(Boolean.FALSE, listed.verified(), d.getKey());
      assertTrue(
          String.join(" ", listed.problems()).contains(d.getValue()), listed.problems().toString());

      Map<String, String> before = contents(dir.resolve("registry.git"));
      List<String> besideBefore = names(dir);
      RegistryRefusedException e =
          assertThrows(
              RegistryRefusedException.class,
              () ->
                  Registry.restore(url, RegistryOptions.defaults())
                      .location(location)
                      .force(true)
                      .call(),
              d.getKey());
      assertTrue(
          e.getMessage().contains("does not verify")
              && e.getMessage().contains(d.getValue())
              && e.getMessage().contains("Nothing was changed"),
          e.getMessage());
      assertEquals(
          before,
          contents(dir.resolve("registry.git")),
          "the registry is as it was: " + d.getKey());
      assertEquals(besideBefore, names(dir), "nothing left beside it");
    }
  }

  @Test
  void restoringTheWrongBackupLosesNothingTheReplacedRegistryIsKeptAsideAndNamed()
      throws Exception {
    Path older = backup().path();
    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5);
    Path newArtifact =
        ((LocalArtifactStore) registry.store())
            .pathOf(
                registry.show().model("risk_model").version("v1.2.0").call().pointer().sha256());
    registry.close();

    RestoreCommand.Restored r = restore().from(older.toString()).force(true).call();
    assertNotNull(r.keptAside());
    assertTrue(r.summary().contains(r.keptAside().toString()), r.summary());
    assertTrue(r.refs().stream().anyMatch(RestoreCommand.RefChange::changes), r.refs().toString());
    registry = Registry.open(url);
    assertEquals(
        2, registry.list().model("risk_model").call().size(), "the older backup's registry");

    try (Registry kept = Registry.open(r.keptAside().toString())) {
      assertEquals(
          3, kept.list().model("risk_model").call().size(), "v1.2.0 is in the registry kept aside");
      kept.validate().model("risk_model").version("v1.2.0").call(); // with its bytes
    }
    Path keptArtifact = r.keptAside().resolve(Path.of(url).relativize(newArtifact));
    assertTrue(Files.isRegularFile(keptArtifact));
  }

  @Test
  void aDryRunChecksTheBackupSaysWhatItWouldDoAndWritesNothing() throws Exception {
    backup();
    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5);
    Map<String, String> before = contents(dir.resolve("registry.git"));
    Map<String, String> backupsBefore = contents(backups);
    List<String> besideBefore = names(dir);

    RestoreCommand.Restored r = restore().call();
    assertTrue(r.dryRun());
    assertTrue(
        r.summary().startsWith("Dry run: would restore") && r.summary().contains("Nothing written"),
        r.summary());
    assertTrue(r.summary().contains("would be kept at"), r.summary());
    RestoreCommand.RefChange main =
        r.refs().stream().filter(c -> c.ref().equals("refs/heads/main")).findFirst().orElseThrow();
    assertTrue(main.changes(), "main would go back to the backup's");
    assertEquals(before, contents(dir.resolve("registry.git")));
    assertEquals(backupsBefore, contents(backups));
    assertEquals(besideBefore, names(dir));
    assertFalse(Files.exists(r.keptAside()));
  }

  @Test
  void oneVersionsDamagedOrMissingArtifactComesBackFromTheNewestBackupThatHasIt() throws Exception {
    backup();
    Path stored =
        ((LocalArtifactStore) registry.store())
            .pathOf(
                registry.show().model("risk_model").version("v1.0.0").call().pointer().sha256());
    flipByte(stored);
    ChecksumMismatchException damaged =
        assertThrows(
            ChecksumMismatchException.class,
            () -> registry.validate().model("risk_model").version("v1.0.0").call());
    assertTrue(damaged.getMessage().contains("restore them from a backup"), damaged.getMessage());

    RestoreCommand.Restored dry =
        registry.restore().model("risk_model").version("v1.0.0").location(backups).call();
    assertTrue(dry.dryRun() && !dry.nothingToDo(), dry.summary());
    assertThrows(
        ChecksumMismatchException.class,
        () -> registry.validate().model("risk_model").version("v1.0.0").call(),
        "a dry run writes nothing");
    RestoreCommand.Restored done =
        registry
            .restore()
            .model("risk_model")
            .version("v1.0.0")
            .location(backups)
            .force(true)
            .call();
    assertEquals(stored, done.restoredTo());
    assertTrue(
        done.summary().contains("Restored the artifact of risk_model v1.0.0"), done.summary());
    registry.validate().model("risk_model").version("v1.0.0").call();
    assertFalse(
        Files.getPosixFilePermissions(stored)
            .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
        "read-only, as the store keeps its files");

    Files.delete(stored);
    ArtifactMissingException missing =
        assertThrows(
            ArtifactMissingException.class,
            () -> registry.validate().model("risk_model").version("v1.0.0").call());
    assertTrue(missing.getMessage().contains("Restore it from a backup"), missing.getMessage());
    Registry.restore(url, RegistryOptions.defaults())
        .model("risk_model")
        .version("v1.0.0")
        .location(backups)
        .force(true)
        .call();
    registry.validate().model("risk_model").version("v1.0.0").call();
    RestoreCommand.Restored again =
        registry
            .restore()
            .model("risk_model")
            .version("v1.0.0")
            .location(backups)
            .force(true)
            .call();
    assertTrue(again.nothingToDo(), again.summary());

    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5); // in no backup
    Path v12 =
        ((LocalArtifactStore) registry.store())
            .pathOf(
                registry.show().model("risk_model").version("v1.2.0").call().pointer().sha256());
    Files.delete(v12);
    RegistryRefusedException none =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .restore()
                    .model("risk_model")
                    .version("v1.2.0")
                    .location(backups)
                    .force(true)
                    .call());
    assertTrue(
        none.getMessage().contains("No backup")
            && none.getMessage().contains("Nothing was changed"),
        none.getMessage());
  }

  @Test
  void aHostileBackupIsRefusedPathsOutsideItAbsolutePathsAndSymbolicLinks() throws Exception {
    Path good = backup().path();
    String artifact = manifest(good).artifactFiles().get(0).path();
    Path outside = dir.resolve("outside");
    Files.createDirectories(outside);
    Map<String, String> paths =
        Map.of("dotdot", "../../outside/x", "absolute", outside.resolve("x").toString());
    for (Map.Entry<String, String> p : paths.entrySet()) {
      Path location = dir.resolve("hostile-" + p.getKey());
      Path copy = copyOf(good, location);
      String json =
          Files.readString(copy.resolve(BackupManifest.FILE)).replace(artifact, p.getValue());
      rewriteManifest(copy, json); // with a matching checksum: what someone editing on purpose does
      assertHostile(location, "which a backup never holds");
      assertEquals(
          List.of(), TestRegistry.filesUnder(outside), "nothing written outside the backup");
    }

    Path location = dir.resolve("hostile-symlink");
    Path copy = copyOf(good, location);
    Path elsewhere = Files.copy(copy.resolve(artifact), outside.resolve("same-bytes"));
    Files.delete(copy.resolve(artifact));
    Files.createSymbolicLink(copy.resolve(artifact), elsewhere); // the right bytes, through a link
    assertHostile(location, "symbolic link");

    Path linked = dir.resolve("hostile-linked-backup");
    Files.createDirectories(linked);
    Files.createSymbolicLink(linked.resolve(good.getFileName()), good);
    assertEquals(
        Boolean.FALSE,
        Registry.backups(linked).call().backups().get(0).verified(),
        "a backup that is a link is none");
  }

  private void assertHostile(Path location, String why) throws IOException {
    assertEquals(
        Boolean.FALSE,
        Registry.backups(location).call().backups().get(0).verified(),
        location.toString());
    Map<String, String> before = contents(dir.resolve("registry.git"));
    RegistryRefusedException e =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                Registry.restore(url, RegistryOptions.defaults())
                    .location(location)
                    .force(true)
                    .call());
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertEquals(before, contents(dir.resolve("registry.git")));
  }

  @Test
  void aBackupThatFailsPartWayLeavesNothingThatBackupsOrRestoreLatestWouldTake() throws Exception {
    Path good = backup().path();
    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5);
    IllegalStateException crash =
        assertThrows(
            IllegalStateException.class,
            () ->
                registry
                    .backup()
                    .to(backups)
                    .progress(
                        (phase, done, total) -> {
                          if (phase.equals("artifacts") && done == 2) {
                            throw new IllegalStateException("disk pulled out");
                          }
                        })
                    .call());
    assertEquals("disk pulled out", crash.getMessage());
    assertEquals(
        List.of(good),
        Registry.backups(backups).call().backups().stream()
            .map(BackupsCommand.Entry::path)
            .toList());
    try (Stream<Path> s = Files.list(backups)) {
      assertEquals(
          List.of(".backup.lock", good.getFileName().toString()),
          s.map(p -> p.getFileName().toString()).sorted().toList(),
          "no part of the failed backup is left");
    }
    assertEquals(good, restore().call().backup(), "latest is the last complete backup");
  }

  @Test
  void aRestoreKilledBetweenItsRenamesSaysWhereBothRegistriesAreAndARerunFinishesIt()
      throws Exception {
    backup();
    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5); // only in the registry replaced
    registry.close();
    Process p =
        TestRegistry.javaProcess(RestoreCrashProcess.class, url, backups.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), "halted between the renames: " + out);
    assertFalse(Files.exists(Path.of(url)), "the crash left no registry at the path");

    NoRegistryException lost =
        assertThrows(NoRegistryException.class, () -> Registry.open(url).close());
    Path replaced;
    try (Stream<Path> s = Files.list(Path.of(url).getParent())) {
      replaced =
          s.filter(f -> f.getFileName().toString().startsWith("registry.git.replaced-"))
              .findFirst()
              .orElseThrow();
    }
    assertTrue(lost.getMessage().contains("stopped between its two renames"), lost.getMessage());
    assertTrue(lost.getMessage().contains(replaced.toAbsolutePath().toString()), lost.getMessage());
    assertTrue(lost.getMessage().contains("restored registry"), lost.getMessage());
    try (Registry old = Registry.open(replaced.toString())) {
      assertEquals(
          "v1.2.0",
          old.show().model("risk_model").version("v1.2.0").call().version().toString(),
          "the registry it replaced is whole, with the version the backup lacks");
    }

    RestoreCommand.Restored again = restore().force(true).call();
    assertNull(again.keptAside(), "nothing at the path to keep aside this time");
    registry = Registry.open(url);
    assertEquals("v1.0.0", registry.current().model("risk_model").call().orElseThrow().version());
    assertTrue(registry.verify().call().clean());
    assertFalse(Files.exists(RegistrySwap.journal(Path.of(url))), "the rerun cleared the journal");
  }

  @Test
  void backupsTakenBeforeAndAfterATrustChangeEachRestoreToAHistoryThatVerifies() throws Exception {
    Path before = backup().path();
    // trust moves from ops to alice: alice added by ops, alice promotes, ops removed by alice
    Path alice = dir.resolve("keys/alice");
    String alicePub =
        dev.modelregistry.git.signing.SshKeys.generateEd25519(alice, "alice@example.com");
    registry.trust().principal("alice@example.com").publicKey(alicePub).signingKey(key).call();
    registry.promote().model("risk_model").version("v1.1.0").signingKey(alice).call();
    registry.trust().principal("ops@example.com").remove(true).signingKey(alice).call();
    assertTrue(registry.verify().call().clean());
    Path after = backup().path();

    // the older backup: ops trusted again, alice never was; the cache of verified commits this
    // machine kept under the later trust state must not carry over
    registry.close();
    restore().from(before.toString()).force(true).call();
    registry = Registry.open(url);
    VerifyCommand.Report old = registry.verify().call();
    assertTrue(old.clean(), old.findings().toString());
    assertEquals("v1.0.0", registry.current().model("risk_model").call().orElseThrow().version());
    RegistryRefusedException aliceNow =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry.promote().model("risk_model").version("v1.1.0").signingKey(alice).call());
    assertTrue(
        aliceNow.getMessage().contains("is not a trusted signer"),
        "alice is not trusted in the restored history: " + aliceNow.getMessage());
    registry.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
    assertTrue(registry.verify().call().clean());

    // the later backup, on a new machine's path: the trust change itself verifies
    String elsewhere = dir.resolve("new-machine/registry.git").toString();
    Registry.restore(elsewhere, RegistryOptions.defaults())
        .location(backups)
        .from(after.toString())
        .force(true)
        .call();
    try (Registry moved = Registry.open(elsewhere)) {
      VerifyCommand.Report report = moved.verify().call();
      assertTrue(report.clean(), report.findings().toString());
      assertEquals("v1.1.0", moved.current().model("risk_model").call().orElseThrow().version());
      RegistryRefusedException opsNow =
          assertThrows(
              RegistryRefusedException.class,
              () -> moved.promote().model("risk_model").version("v1.0.0").signingKey(key).call());
      assertTrue(
          opsNow.getMessage().contains("is not a trusted signer"),
          "ops was removed before this backup: " + opsNow.getMessage());
    }
  }

  @Test
  void aBackupKilledPartWayIsNeverTakenAndTheNextBackupClearsWhatItLeft() throws Exception {
    Path good = backup().path();
    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5);
    registry.close();
    Process p =
        TestRegistry.javaProcess(BackupProcess.class, url, backups.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String line =
          new String(p.getInputStream().readNBytes("copying\n".length()), StandardCharsets.UTF_8);
      assertEquals("copying\n", line, "the child is part-way through");
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no finally block runs
    } finally {
      p.destroyForcibly();
    }
    List<String> left;
    try (Stream<Path> s = Files.list(backups)) {
      left =
          s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".incoming-")).toList();
    }
    assertEquals(1, left.size(), "the killed backup's half is there, hidden");
    registry = Registry.open(url);
    assertEquals(
        List.of(good),
        Registry.backups(backups).call().backups().stream()
            .map(BackupsCommand.Entry::path)
            .toList());
    assertEquals(good, restore().call().backup());

    BackupCommand.Written next = backup();
    assertEquals(3, next.artifacts());
    try (Stream<Path> s = Files.list(backups)) {
      assertTrue(
          s.noneMatch(f -> f.getFileName().toString().startsWith(".incoming-")),
          "cleared by the next backup");
    }
  }

  @Test
  void thePolicysLocationAndRetentionKeepTheLastBackupsOfThisRegistryOnly() throws Exception {
    Path k = dir.resolve("keys/keeper");
    String pub = dev.modelregistry.git.signing.SshKeys.generateEd25519(k, "keeper@example.com");
    Policy p =
        Policy.defaults(List.of(TrustedSigners.line("keeper@example.com", pub)))
            .withBackups(new BackupPolicy(backups.toString(), 2));
    Path other = dir.resolve("other");
    try (Registry kept =
        Registry.init(
            other.resolve("registry.git").toString(),
            p,
            TestRegistry.TESTER,
            dev.modelregistry.git.signing.CommitSigner.sshKey(k))) {
      Path foreign =
          registry
              .backup()
              .to(backups)
              .call()
              .path(); // another registry's backup at the same location
      register(kept, other, "alpha", "v1.0.0", 0.05, 1.2);
      BackupCommand.Written first = kept.backup().call();
      assertEquals(backups, first.path().getParent(), "the policy's location");
      BackupCommand.Written second = kept.backup().call();
      assertEquals(List.of(), second.removed());
      register(kept, other, "alpha", "v1.1.0", 0.05, 1.2);
      BackupCommand.Written third = kept.backup().call();
      assertEquals(List.of(first.path()), third.removed());
      assertFalse(Files.exists(first.path()));
      assertTrue(Files.exists(foreign), "another registry's backup is not this policy's to remove");
      BackupsCommand.Listing listing = kept.backups().call();
      assertEquals(
          List.of(foreign, second.path(), third.path()),
          listing.backups().stream().map(BackupsCommand.Entry::path).toList());
      assertTrue(listing.allVerified(), listing.toString());
    }
  }

  @Test
  void aStoreAtAnAbsolutePathGetsBackWhatItLacksAndKeepsWhatItHas() throws Exception {
    Path shared = dir.resolve("shared-store");
    Path k = dir.resolve("keys/shared");
    String pub = dev.modelregistry.git.signing.SshKeys.generateEd25519(k, "shared@example.com");
    Policy d = Policy.defaults(List.of(TrustedSigners.line("shared@example.com", pub)));
    Policy p =
        new Policy(
            d.formatVersion(),
            d.versions(),
            d.environments(),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            d.retention(),
            new dev.modelregistry.model.StorePolicy("local", shared.toString()));
    String other = dir.resolve("other/registry.git").toString();
    try (Registry r =
        Registry.init(
            other, p, TestRegistry.TESTER, dev.modelregistry.git.signing.CommitSigner.sshKey(k))) {
      register(r, dir.resolve("other"), "alpha", "v1.0.0", 0.05, 1.2);
      register(r, dir.resolve("other"), "alpha", "v1.1.0", 0.05, 1.2);
      r.backup().to(backups).call();
    }
    List<String> files =
        TestRegistry.filesUnder(shared).stream().filter(f -> f.startsWith("sha256/")).toList();
    assertEquals(2, files.size());
    Files.delete(shared.resolve(files.get(0)));
    RestoreCommand.Restored r =
        Registry.restore(other, RegistryOptions.defaults()).location(backups).force(true).call();
    assertEquals(
        1, r.artifacts(), "only the missing one is written; the intact one is left as it is");
    try (Registry back = Registry.open(other)) {
      back.validate().model("alpha").version("v1.0.0").call();
      back.validate().model("alpha").version("v1.1.0").call();
    }
  }

  @Test
  void latestADateOrAPathChooseTheBackupAndAWrongOneIsRefusedByInput() {
    Path first = backup().path();
    Path second = backup().path();
    assertEquals(second, restore().call().backup());
    assertEquals(second, restore().from(LocalDate.now(ZoneOffset.UTC).toString()).call().backup());
    assertEquals(first, restore().from(first.toString()).call().backup());
    assertEquals(
        second,
        restore().from(backups.toString()).call().backup(),
        "a location's path: its latest");
    InvalidInputException noDate =
        assertThrows(InvalidInputException.class, () -> restore().from("2001-01-01").call());
    assertEquals(Input.FROM, noDate.input());
    assertTrue(
        noDate.getMessage().contains("dates there: " + LocalDate.now(ZoneOffset.UTC)),
        noDate.getMessage());
    assertEquals(
        Input.FROM,
        assertThrows(InvalidInputException.class, () -> restore().from("2025-13-40").call())
            .input());
    assertEquals(
        Input.FROM,
        assertThrows(
                InvalidInputException.class,
                () -> restore().from(dir.resolve("nowhere").toString()).call())
            .input());
    MissingInputException noLocation =
        assertThrows(MissingInputException.class, () -> registry.backup().call());
    assertEquals(Input.OUTPUT, noLocation.input());
    assertEquals(
        Input.OUTPUT,
        assertThrows(
                MissingInputException.class,
                () -> Registry.restore(url, RegistryOptions.defaults()).call())
            .input());
  }

  @Test
  void aRemoteRegistryIsBackedUpAfterAFetchAndRestoredIntoANewLocalBareRepository()
      throws Exception {
    String remoteUrl = "file://" + url;
    Path cache = dir.resolve("cache");
    try (Registry remote = Registry.open(remoteUrl, cache)) {
      register(
          registry,
          dir,
          "risk_model",
          "v1.2.0",
          0.07,
          1.5); // written behind the clone's back: the backup fetches it
      BackupCommand.Written b = remote.backup().to(backups).call();
      assertEquals(3, b.artifacts());
    }
    Path into = dir.resolve("restored.git");
    RestoreCommand.Restored r =
        Registry.restore(remoteUrl, RegistryOptions.in(cache))
            .location(backups)
            .into(into)
            .force(true)
            .call();
    assertEquals(into, r.restoredTo());
    assertNull(r.keptAside(), "the remote is not replaced");
    assertTrue(String.join(" ", r.notes()).contains("push --mirror"), r.notes().toString());
    try (Registry local = Registry.open(into.toString(), cache)) {
      assertEquals(3, local.list().model("risk_model").call().size());
      local.validate().model("risk_model").version("v1.2.0").call();
    }
  }

  @Test
  void checkingAndRestoringABackupStartNoBackgroundGcInRepositoriesTheyDeleteOrRename()
      throws Exception {
    backup();
    // an automatic gc after a fetch runs on an executor in the background, holding gc.log.lock in
    // a repository the check deletes a moment later: JGit then logs an ERROR on standard error
    java.util.concurrent.atomic.AtomicInteger gcs = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService counting =
        new java.util.concurrent.AbstractExecutorService() {
          @Override
          public void execute(Runnable task) {
            gcs.incrementAndGet();
            task.run();
          }

          @Override
          public void shutdown() {}

          @Override
          public List<Runnable> shutdownNow() {
            return List.of();
          }

          @Override
          public boolean isShutdown() {
            return false;
          }

          @Override
          public boolean isTerminated() {
            return false;
          }

          @Override
          public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
          }
        };
    org.eclipse.jgit.internal.storage.file.GC.setExecutor(counting);
    try {
      assertTrue(Registry.backups(backups).call().allVerified());
      restore().call();
      registry.close();
      restore().force(true).call();
      registry = Registry.open(url);
    } finally {
      org.eclipse.jgit.internal.storage.file.GC.setExecutor(null);
    }
    assertEquals(0, gcs.get(), "no gc in the background");
    try (Stream<Path> s = Files.list(registry.directory())) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().startsWith("gc.log")),
          "no gc.log left in the restored registry");
    }
    String config = Files.readString(registry.directory().resolve("config")).toLowerCase();
    assertFalse(
        config.contains("autogc") || config.contains("autodetach") || config.contains("auto ="),
        "the restored registry keeps no gc setting of the restore's: " + config);
  }

  // ---- helpers ----

  private static BackupManifest manifest(Path backup) throws IOException {
    return dev.modelregistry.model.SafeMapper.readJson(
        Files.readAllBytes(backup.resolve(BackupManifest.FILE)),
        BackupManifest.class,
        "manifest",
        BackupManifest.MAX_BYTES);
  }

  private Path copyOf(Path backup, Path location) throws IOException {
    Files.createDirectories(location);
    Path copy = location.resolve(backup.getFileName());
    TestRegistry.run(dir, "cp", "-r", backup.toString(), copy.toString());
    return copy;
  }

  private static void rewriteManifest(Path backup, String json) throws IOException {
    Path m = backup.resolve(BackupManifest.FILE);
    m.toFile().setWritable(true);
    Files.writeString(m, json);
    Path sum = backup.resolve(BackupManifest.CHECKSUM_FILE);
    sum.toFile().setWritable(true);
    Files.writeString(
        sum,
        Hashing.sha256Hex(json.getBytes(StandardCharsets.UTF_8))
            + "  "
            + BackupManifest.FILE
            + "\n");
  }

  private static void flipByte(Path file) throws IOException {
    file.toFile().setWritable(true);
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x20;
    Files.write(file, b);
    file.toFile().setReadOnly();
  }

  /** Every file under {@code root} with its sha256: to prove nothing changed. */
  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String f : TestRegistry.filesUnder(root)) {
      out.put(f, Hashing.sha256Hex(Files.readAllBytes(root.resolve(f))));
    }
    return out;
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
