package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.ArtifactMissingException;
import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.BackupManifest;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the registry itself, each made on real files of a real Git repository as a disk, a
 * careless admin or a bad script would make it: what verify (and the reads) say, and that a restore
 * from a backup brings the registry back to the backup's refs. Nothing is mocked.
 */
class BackupFaultsTest {
  @TempDir Path dir;
  Path key;
  Path backups;
  Registry registry;
  String url;
  Path gitDir;

  @BeforeEach
  void registryInProductionWithABackup() {
    key = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, key, "ops@example.com");
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
    registry.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
    registry.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
    url = registry.directory().toString();
    gitDir = registry.directory();
    backups = dir.resolve("backups");
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private Path backup() {
    return registry.backup().to(backups).call().path();
  }

  private RestoreCommand.Restored restoreLatest() {
    return Registry.restore(url, RegistryOptions.defaults()).location(backups).force(true).call();
  }

  /** The refs of the registry on disk, as git itself reads them. */
  private Map<String, String> refsByGit() {
    Map<String, String> out = new TreeMap<>();
    for (String line :
        TestRegistry.run(dir, "git", "-C", url, "for-each-ref", "--format=%(refname) %(objectname)")
            .lines()
            .toList()) {
      String[] f = line.split(" ");
      out.put(f[0], f[1]);
    }
    return out;
  }

  private static VerifyCommand.Report verifyAfresh(String url) {
    try (Registry r = Registry.open(url)) {
      return r.verify().call();
    }
  }

  /** Opens afresh (a damaged object database may fail the open itself) and verifies. */
  private static String findingsOrRefusal(String url) {
    try {
      VerifyCommand.Report r = verifyAfresh(url);
      assertFalse(r.clean(), "verify must find the fault: " + r.summary());
      return r.findings().toString();
    } catch (dev.modelregistry.git.errors.RegistryDamagedException e) {
      // not "unavailable, retry later": the damage is named, with the fix
      assertTrue(
          e.getMessage().contains("Restore the registry from the newest backup"), e.getMessage());
      return e.getMessage();
    }
  }

  private Path storedArtifact(String version) {
    return ((LocalArtifactStore) registry.store())
        .pathOf(registry.show().model("risk_model").version(version).call().pointer().sha256());
  }

  // ---- the object database ----

  @Test
  void aTruncatedPackFileIsNamedByVerifyAndRestoreBringsBackTheBackupsRefs() throws Exception {
    Path b = backup();
    Map<String, String> refs = refsByGit();
    registry.close();
    TestRegistry.run(dir, "git", "-C", url, "repack", "-q", "-a", "-d");
    Path pack;
    try (Stream<Path> s = Files.list(gitDir.resolve("objects/pack"))) {
      pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
    }
    long size = Files.size(pack);
    try (var ch =
        java.nio.channels.FileChannel.open(pack, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(size / 2); // what a full disk or a killed copy leaves
    }

    String found = findingsOrRefusal(url);
    assertTrue(found.contains(pack.getFileName().toString()), found);

    RestoreCommand.Restored r = restoreLatest();
    assertEquals(b, r.backup());
    assertEquals(refs, refsByGit(), "the backup's refs, all of them");
    VerifyCommand.Report after = verifyAfresh(url);
    assertTrue(after.clean(), after.findings().toString());
    registry = Registry.open(url);
  }

  @Test
  void aDeletedLooseObjectIsNamedByVerifyAndRestoreBringsItBack() throws Exception {
    backup();
    Map<String, String> refs = refsByGit();
    String blob =
        TestRegistry.run(
                dir, "git", "-C", url, "rev-parse", "main:models/risk_model/v1.0.0/metadata.yaml")
            .strip();
    registry.close();
    Path loose = gitDir.resolve("objects").resolve(blob.substring(0, 2)).resolve(blob.substring(2));
    assertTrue(Files.isRegularFile(loose), "JGit writes loose objects: " + loose);
    Files.delete(loose);

    String found = findingsOrRefusal(url);
    assertTrue(found.contains(blob), found);

    restoreLatest();
    assertEquals(refs, refsByGit());
    VerifyCommand.Report after = verifyAfresh(url);
    assertTrue(after.clean(), after.findings().toString());
    registry = Registry.open(url);
  }

  // ---- refs ----

  @Test
  void aDeletedProductionBranchIsNamedByVerifyAndStatusAndRestoreBringsItBack() throws Exception {
    backup();
    Map<String, String> refs = refsByGit();
    String tip = refs.get("refs/heads/production");
    registry.status().call(); // this machine has seen production
    TestRegistry.run(dir, "git", "-C", url, "update-ref", "-d", "refs/heads/production");

    VerifyCommand.Report report = registry.verify().call();
    assertFalse(report.clean(), "a deleted production branch is a finding");
    assertTrue(
        report.findings().stream()
            .anyMatch(f -> f.toString().contains("production") && f.toString().contains(tip)),
        report.findings().toString());
    RegistryException status =
        assertThrows(RegistryException.class, () -> registry.current().model("risk_model").call());
    assertTrue(status.getMessage().contains("was deleted"), status.getMessage());

    registry.close();
    restoreLatest();
    assertEquals(refs, refsByGit());
    registry = Registry.open(url);
    assertEquals("v1.1.0", registry.current().model("risk_model").call().orElseThrow().version());
    assertTrue(registry.verify().call().clean());
  }

  // ---- artifacts ----

  @Test
  void anArtifactWithOneByteChangedIsNamedAndRollbackFailAndRestoreOfOneVersionFixIt()
      throws Exception {
    backup();
    Path stored = storedArtifact("v1.1.0");
    flipByte(stored);

    ChecksumMismatchException validate =
        assertThrows(
            ChecksumMismatchException.class,
            () -> registry.validate().model("risk_model").version("v1.1.0").call());
    assertTrue(validate.getMessage().contains(stored.toString()), validate.getMessage());
    VerifyCommand.Report report = registry.verify().call();
    assertTrue(
        report.findings().stream()
            .anyMatch(f -> f.toString().contains("artifact of risk_model v1.1.0")),
        report.findings().toString());

    // production runs the damaged version: roll back first, then mark it failed
    registry
        .rollback()
        .model("risk_model")
        .reason("artifact damaged on disk")
        .signingKey(key)
        .call();
    assertEquals("v1.0.0", registry.current().model("risk_model").call().orElseThrow().version());
    registry.validate().model("risk_model").version("v1.0.0").call();
    registry
        .fail()
        .model("risk_model")
        .version("v1.1.0")
        .reason("artifact damaged on disk")
        .signingKey(key)
        .call();

    // and the bytes come back from the backup
    registry.restore().model("risk_model").version("v1.1.0").location(backups).force(true).call();
    registry.validate().model("risk_model").version("v1.1.0").call();
    VerifyCommand.Report after = registry.verify().call();
    assertTrue(after.clean(), after.findings().toString());
  }

  @Test
  void aRollbackToAVersionWhoseArtifactIsDamagedIsRefusedUntilItIsRestored() throws Exception {
    backup();
    flipByte(storedArtifact("v1.0.0"));
    RegistryException refused =
        assertThrows(
            RegistryException.class,
            () ->
                registry
                    .rollback()
                    .model("risk_model")
                    .reason("bad v1.1.0")
                    .signingKey(key)
                    .call());
    assertTrue(refused.getMessage().contains("restore"), refused.getMessage());
    assertEquals("v1.1.0", registry.current().model("risk_model").call().orElseThrow().version());

    registry.restore().model("risk_model").version("v1.0.0").location(backups).force(true).call();
    registry.rollback().model("risk_model").reason("bad v1.1.0").signingKey(key).call();
    assertEquals("v1.0.0", registry.current().model("risk_model").call().orElseThrow().version());
  }

  @Test
  void anArtifactDeletedFromTheStoreIsNamedAndTheWholeRestoreBringsItBack() throws Exception {
    backup();
    Path stored = storedArtifact("v1.0.0");
    Files.delete(stored);
    ArtifactMissingException missing =
        assertThrows(
            ArtifactMissingException.class,
            () -> registry.validate().model("risk_model").version("v1.0.0").call());
    assertTrue(missing.getMessage().contains(stored.toString()), missing.getMessage());
    VerifyCommand.Report report = registry.verify().call();
    assertTrue(
        report.findings().stream()
            .anyMatch(f -> f.toString().contains("artifact of risk_model v1.0.0")),
        report.findings().toString());
    registry.close();

    RestoreCommand.Restored r = restoreLatest();
    assertEquals(2, r.artifacts());
    registry = Registry.open(url);
    registry.validate().model("risk_model").version("v1.0.0").call();
    assertTrue(registry.verify().call().clean());
  }

  // ---- damaged backups: refused, naming the file, before anything is touched ----

  @Test
  void aBackupWithAMissingArtifactAnEditedManifestOrATruncatedBundleIsRefusedBeforeAnything()
      throws Exception {
    Path good = backup();
    BackupManifest m = manifest(good);
    String artifact = m.artifactFiles().get(0).path();
    String production =
        m.refs().stream()
            .filter(r -> r.name().equals("refs/heads/production"))
            .findFirst()
            .orElseThrow()
            .id();
    String main =
        m.refs().stream()
            .filter(r -> r.name().equals("refs/heads/main"))
            .findFirst()
            .orElseThrow()
            .id();

    Path missing = copyOf(good, "missing-artifact");
    Files.delete(missing.resolve(artifact));
    assertRefusedNaming(missing, artifact + " is missing");

    Path refEdited = copyOf(good, "manifest-ref-edited");
    // production "restored" to main's commit, the checksum made to match: an edit on purpose
    rewriteManifest(
        refEdited,
        Files.readString(refEdited.resolve(BackupManifest.FILE)).replace(production, main));
    assertRefusedNaming(refEdited, BackupManifest.BUNDLE + " holds the refs");

    Path sizeEdited = copyOf(good, "manifest-size-edited");
    String json = Files.readString(sizeEdited.resolve(BackupManifest.FILE));
    rewriteManifest(
        sizeEdited,
        json.replace("\"size\" : 2048", "\"size\" : 2047")
            .replace("\"artifact_bytes\" : 4096", "\"artifact_bytes\" : 4094"));
    assertRefusedNaming(sizeEdited, "as the manifest says");

    Path unsummed = copyOf(good, "manifest-unsummed");
    Path mf = unsummed.resolve(BackupManifest.FILE);
    mf.toFile().setWritable(true);
    Files.writeString(mf, Files.readString(mf).replace(production, main));
    assertRefusedNaming(unsummed, BackupManifest.FILE + " has sha256");

    Path truncated = copyOf(good, "bundle-truncated");
    Path bundle = truncated.resolve(BackupManifest.BUNDLE);
    bundle.toFile().setWritable(true);
    byte[] whole = Files.readAllBytes(bundle);
    Files.write(bundle, java.util.Arrays.copyOf(whole, whole.length - 100));
    assertRefusedNaming(
        truncated, BackupManifest.BUNDLE + " has " + (whole.length - 100) + " bytes");

    Path truncatedAndSummed = copyOf(good, "bundle-truncated-summed");
    bundle = truncatedAndSummed.resolve(BackupManifest.BUNDLE);
    bundle.toFile().setWritable(true);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 100);
    Files.write(bundle, cut);
    String oldEntry = m.file(BackupManifest.BUNDLE).sha256().hex();
    rewriteManifest(
        truncatedAndSummed,
        Files.readString(truncatedAndSummed.resolve(BackupManifest.FILE))
            .replace(oldEntry, dev.modelregistry.git.store.Hashing.sha256Hex(cut))
            .replace("\"size\" : " + whole.length, "\"size\" : " + cut.length));
    assertRefusedNaming(
        truncatedAndSummed, BackupManifest.BUNDLE + " cannot be read as a complete Git bundle");
  }

  /** restore of {@code backup} refuses naming {@code what}, and the registry is as it was. */
  private void assertRefusedNaming(Path backup, String what) throws IOException {
    BackupsCommand.Entry listed = Registry.backups(backup.getParent()).call().backups().get(0);
    assertEquals(Boolean.FALSE, listed.verified(), backup.toString());
    assertTrue(String.join("; ", listed.problems()).contains(what), listed.problems().toString());
    Map<String, String> before = contents(gitDir);
    List<String> beside = names(dir);
    RegistryRefusedException e =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                Registry.restore(url, RegistryOptions.defaults())
                    .from(backup.toString())
                    .force(true)
                    .call(),
            backup.toString());
    assertTrue(
        e.getMessage().contains(what) && e.getMessage().contains("Nothing was changed"),
        e.getMessage());
    assertEquals(before, contents(gitDir), "the registry is as it was: " + backup);
    assertEquals(beside, names(dir), "nothing left beside it: " + backup);
  }

  // ---- a backup location that fills up ----

  /**
   * A real full disk: a 256 KiB tmpfs as the backup location (mounting needs root; skipped
   * otherwise, and the next test makes the write fail by another real condition). The first backup
   * fits; the second needs a 512 KiB artifact and the file system says no space left part-way.
   */
  @Test
  void aBackupLocationThatFillsUpPartWayListsNoHalfBackupAndLatestIsTheLastGoodOne()
      throws Exception {
    Path small = dir.resolve("small-disk");
    Files.createDirectories(small);
    Assumptions.assumeTrue(mount(small, "256k"), "mounting a tmpfs needs root");
    try {
      Path location = small.resolve("backups");
      Path good = registry.backup().to(location).call().path();
      Path big = TestRegistry.artifact(dir.resolve("big"), "model.bin", 512 * 1024, 42);
      registry
          .register()
          .model("risk_model")
          .version("v1.2.0")
          .artifact(big)
          .metadataFile(
              TestRegistry.text(dir.resolve("big"), "metadata.yaml", "metrics: {ic: 0.07}\n"))
          .call();

      RegistryException full =
          assertThrows(RegistryException.class, () -> registry.backup().to(location).call());
      assertTrue(
          full.getMessage().contains("No space left on device")
              && full.getMessage().contains("Nothing was kept"),
          full.getMessage());
      assertNothingButTheGoodBackup(location, good);
    } finally {
      TestRegistry.run(dir, "umount", small.toString());
    }
  }

  /**
   * Where no small file system can be mounted: the write of the manifest fails part-way because a
   * directory stands where the file goes (as a stale mount point or a bad script leaves one), a
   * failure of the file system, not of ours, that the backup must survive.
   */
  @Test
  void aBackupWhoseLastWriteFailsListsNoHalfBackupAndLatestIsTheLastGoodOne() throws Exception {
    Path good = backup();
    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5);
    RegistryException failed =
        assertThrows(
            RegistryException.class,
            () ->
                registry
                    .backup()
                    .to(backups)
                    .progress(
                        (phase, done, total) -> {
                          if (phase.equals("artifacts") && done == total && total > 0) {
                            blockManifest();
                          }
                        })
                    .call());
    assertTrue(failed.getMessage().contains(BackupManifest.FILE), failed.getMessage());
    assertNothingButTheGoodBackup(backups, good);
  }

  private void blockManifest() {
    try (Stream<Path> s = Files.list(backups)) {
      Path incoming =
          s.filter(p -> p.getFileName().toString().startsWith(".incoming-"))
              .findFirst()
              .orElseThrow();
      Files.createDirectories(incoming.resolve(BackupManifest.FILE).resolve("in-the-way"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void assertNothingButTheGoodBackup(Path location, Path good) throws IOException {
    BackupsCommand.Listing listing = Registry.backups(location).call();
    assertEquals(
        List.of(good), listing.backups().stream().map(BackupsCommand.Entry::path).toList());
    assertTrue(listing.allVerified(), listing.toString());
    assertEquals(
        List.of(".backup.lock", good.getFileName().toString()),
        names(location),
        "no part of the failed backup is left");
    assertEquals(
        good,
        Registry.restore(url, RegistryOptions.defaults()).location(location).call().backup(),
        "latest is the last complete backup");
  }

  /** Mounts a tmpfs of {@code size} at {@code at}; false if this user may not. */
  private boolean mount(Path at, String size) {
    try {
      Process p =
          new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- helpers ----

  private static BackupManifest manifest(Path backup) throws IOException {
    return dev.modelregistry.model.SafeMapper.readJson(
        Files.readAllBytes(backup.resolve(BackupManifest.FILE)),
        BackupManifest.class,
        "manifest",
        BackupManifest.MAX_BYTES);
  }

  /** A copy of {@code backup} with files of its own (not links), alone in a new location. */
  private Path copyOf(Path backup, String location) throws IOException {
    Path at = dir.resolve(location);
    Files.createDirectories(at);
    Path copy = at.resolve(backup.getFileName());
    TestRegistry.run(dir, "cp", "-r", backup.toString(), copy.toString());
    return copy;
  }

  /** Writes the manifest with a checksum that matches: what someone editing on purpose does. */
  private static void rewriteManifest(Path backup, String json) throws IOException {
    Path m = backup.resolve(BackupManifest.FILE);
    m.toFile().setWritable(true);
    Files.writeString(m, json);
    Path sum = backup.resolve(BackupManifest.CHECKSUM_FILE);
    sum.toFile().setWritable(true);
    Files.writeString(
        sum,
        dev.modelregistry.git.store.Hashing.sha256Hex(json.getBytes(StandardCharsets.UTF_8))
            + "  "
            + BackupManifest.FILE
            + "\n");
  }

  /** Every file under {@code root} with its sha256: to prove nothing changed. */
  static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String f : TestRegistry.filesUnder(root)) {
      out.put(
          f, dev.modelregistry.git.store.Hashing.sha256Hex(Files.readAllBytes(root.resolve(f))));
    }
    return out;
  }

  static void flipByte(Path file) throws IOException {
    file.toFile().setWritable(true);
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x20;
    Files.write(file, b);
    file.toFile().setReadOnly();
  }

  static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
