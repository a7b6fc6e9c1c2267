package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.artifact;
import static dev.modelregistry.git.TestRegistry.filesUnder;
import static dev.modelregistry.git.TestRegistry.run;
import static dev.modelregistry.git.TestRegistry.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.errors.UnknownVersionException;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.ChecksumLine;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.VersionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegisterTest {
  @TempDir Path dir;
  Registry registry;
  Path model;
  Path metadata;

  @BeforeEach
  void setUp() {
    registry = TestRegistry.create(dir);
    model = artifact(dir.resolve("build"), "model.bin", 10_000, 1);
    metadata = text(dir.resolve("build"), "metadata.yaml", "metrics:\n  ic: 0.05\n  sharpe: 1.2\n");
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private RegisterCommand register(String name, String version) {
    return registry.register().model(name).version(version).artifact(model).metadataFile(metadata);
  }

  @Test
  void registersAVersionDirectoryWithTrailersAndChecksum() throws Exception {
    Registration r = register("risk_model", "v1.0.0").call();
    assertFalse(r.alreadyRegistered());
    assertEquals(10_000, r.pointer().size());
    assertEquals("model.bin", r.pointer().fileName());
    assertEquals(Map.of("ic", 0.05, "sharpe", 1.2), r.metadata().metrics());
    assertEquals("risk_model", r.metadata().model());
    assertTrue(r.metadata().modelId() != null && r.metadata().createdAt() != null);
    assertTrue(Files.isRegularFile(r.storedAt()));

    Path git = registry.directory();
    String log = run(git, "git", "log", "-1", "--format=%B", "main");
    assertTrue(log.contains("Registry-Action: register"), log);
    assertTrue(log.contains("Registry-Model: risk_model"), log);
    assertTrue(log.contains("Registry-Version: v1.0.0"), log);
    assertTrue(log.contains("Registry-Sha256: " + r.pointer().sha256().hex()), log);
    assertEquals(r.commit(), run(git, "git", "rev-parse", "main").strip());
    String files = run(git, "git", "ls-tree", "-r", "--name-only", "main");
    assertEquals(
        List.of(
            "models/risk_model/v1.0.0/artifact.yaml",
            "models/risk_model/v1.0.0/checksum.sha256",
            "models/risk_model/v1.0.0/metadata.yaml",
            "registry.yaml"),
        files.lines().sorted().toList());
    run(git, "git", "fsck", "--strict");

    // sha256sum -c accepts checksum.sha256 next to the artifact
    Path check = Files.createDirectories(dir.resolve("check"));
    Files.writeString(
        check.resolve("checksum.sha256"),
        run(git, "git", "show", "main:models/risk_model/v1.0.0/checksum.sha256"));
    Files.copy(r.storedAt(), check.resolve("model.bin"));
    assertTrue(run(check, "sha256sum", "-c", "checksum.sha256").contains("model.bin: OK"));
    assertEquals(
        r.pointer().sha256(),
        ChecksumLine.parse(Files.readString(check.resolve("checksum.sha256"))).sha256());
  }

  @Test
  void identicalRetryIsANoOpAndDifferentBytesOrMetadataAreRefused() {
    Registration first = register("risk_model", "v1.0.0").call();
    Registration again = register("risk_model", "v1.0.0").call();
    assertTrue(again.alreadyRegistered());
    assertEquals(first.commit(), again.commit());
    assertEquals(first.metadata(), again.metadata());

    List<String> storeBefore =
        filesUnder(registry.store() instanceof LocalArtifactStore l ? l.root() : null);
    ObjectId tip = registry.tip("main");
    model = artifact(dir.resolve("build2"), "model.bin", 10_000, 2);
    RegistryRefusedException bytes =
        assertThrows(RegistryRefusedException.class, () -> register("risk_model", "v1.0.0").call());
    assertTrue(
        bytes.getMessage().contains("already registered with other bytes"), bytes.getMessage());
    assertTrue(bytes.getMessage().contains(first.pointer().sha256().hex()), bytes.getMessage());
    assertEquals(tip, registry.tip("main"));
    assertEquals(
        storeBefore,
        filesUnder(((LocalArtifactStore) registry.store()).root()),
        "the refused bytes were removed");

    model = artifact(dir.resolve("build3"), "model.bin", 10_000, 1);
    metadata =
        text(dir.resolve("build3"), "metadata.yaml", "metrics:\n  ic: 0.07\n  sharpe: 1.2\n");
    RegistryRefusedException meta =
        assertThrows(RegistryRefusedException.class, () -> register("risk_model", "v1.0.0").call());
    assertTrue(meta.getMessage().contains("other metadata"), meta.getMessage());
    assertEquals(tip, registry.tip("main"));
  }

  @Test
  void listsNewestFirstAndSortsByMetric() {
    String[][] versions = {{"v1.0.0", "1.1"}, {"v1.2.0", "0.9"}, {"v1.10.0", "1.5"}};
    int seed = 10;
    for (String[] v : versions) {
      model = artifact(dir.resolve("b" + seed), "model.bin", 1000, seed++);
      metadata =
          text(dir.resolve("b" + seed), "m.yaml", "metrics: {sharpe: " + v[1] + ", ic: 0.03}\n");
      register("alpha", v[0]).call();
    }
    List<VersionSummary> rows = registry.list().model("alpha").call();
    assertEquals(
        List.of("v1.10.0", "v1.2.0", "v1.0.0"),
        rows.stream().map(r -> r.version().value()).toList());
    assertTrue(rows.stream().allMatch(r -> r.status() == VersionStatus.STAGED));
    List<VersionSummary> bySharpe = registry.list().model("alpha").sortBy("sharpe").call();
    assertEquals(
        List.of("v1.10.0", "v1.0.0", "v1.2.0"),
        bySharpe.stream().map(r -> r.version().value()).toList());
    assertEquals(0, registry.list().model("alpha").status(VersionStatus.PRODUCTION).call().size());
    VersionInfo info = registry.show().model("alpha").version("v1.2.0").call();
    assertEquals(0.9, info.metadata().metrics().get("sharpe"));
    assertEquals(VersionStatus.STAGED, info.status());
    assertThrows(
        UnknownVersionException.class,
        () -> registry.show().model("alpha").version("v9.0.0").call());
  }

  @Test
  void validateAcceptsIntactBytesAndNamesBothHashesWhenOneByteChanged() throws Exception {
    Registration r = register("risk_model", "v1.0.0").call();
    ValidationResult ok = registry.validate().model("risk_model").version("v1.0.0").call();
    assertEquals(r.pointer(), ok.pointer());

    Path stored = r.storedAt();
    Path goodCopy = Files.copy(stored, dir.resolve("good-copy.bin"));
    stored.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(stored);
    bytes[500] ^= 1;
    Files.write(stored, bytes);
    ChecksumMismatchException e =
        assertThrows(
            ChecksumMismatchException.class,
            () -> registry.validate().model("risk_model").version("v1.0.0").call());
    assertTrue(e.getMessage().contains(r.pointer().sha256().hex()), e.getMessage());
    assertNotEquals(r.pointer().sha256(), e.actual());
    assertTrue(
        e.getMessage().contains(e.actual().hex()) && e.getMessage().contains(stored.toString()),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("roll back first")
            && e.getMessage().contains("install -m 444 <good copy> " + stored),
        e.getMessage());
    stored.toFile().setReadOnly();
    // the message's way back, as written: a good copy over the read-only damaged file
    TestRegistry.run(dir, "install", "-m", "444", goodCopy.toString(), stored.toString());
    assertEquals(
        r.pointer(), registry.validate().model("risk_model").version("v1.0.0").call().pointer());

    Files.delete(stored);
    Files.delete(stored.getParent());
    RegistryRefusedException missing =
        assertThrows(
            RegistryRefusedException.class,
            () -> registry.validate().model("risk_model").version("v1.0.0").call());
    assertTrue(missing.getMessage().contains("missing from the store"), missing.getMessage());
    String command =
        missing
            .getMessage()
            .replaceAll("(?s).*(mkdir -p .*? && install -m 444 <good copy> \\S+);.*", "$1");
    TestRegistry.run(dir, "sh", "-c", command.replace("<good copy>", goodCopy.toString()));
    assertEquals(
        r.pointer(), registry.validate().model("risk_model").version("v1.0.0").call().pointer());
  }

  /** Runs a registration that must be refused, and proves nothing was written. */
  private String refused(Consumer<RegisterCommand> setup) {
    ObjectId tip = registry.tip("main");
    Path storeRoot = ((LocalArtifactStore) registry.store()).root();
    List<String> before = filesUnder(storeRoot);
    RegisterCommand c = register("risk_model", "v1.0.0");
    setup.accept(c);
    RegistryRefusedException e = assertThrows(RegistryRefusedException.class, c::call);
    assertEquals(tip, registry.tip("main"), "no commit");
    assertEquals(before, filesUnder(storeRoot), "no file left in the store");
    return e.getMessage();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a/b",
        "..",
        "../../etc",
        "has space",
        "Risk",
        "",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void refusesBadModelNames(String name) {
    String msg = refused(c -> c.model(name));
    assertTrue(msg.contains("lower-case letters"), msg);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "v1", "latest", "v1.0.0/../x", "v20250117"})
  void refusesBadVersions(String version) {
    String msg = refused(c -> c.version(version));
    assertTrue(msg.contains("semantic"), msg);
  }

  @Test
  void refusesBadArtifacts() throws Exception {
    assertTrue(refused(c -> c.artifact(dir.resolve("nope.bin"))).contains("does not exist"));
    assertTrue(refused(c -> c.artifact(dir.resolve("build"))).contains("is a directory"));
    Path empty = Files.createFile(dir.resolve("empty.bin"));
    assertTrue(refused(c -> c.artifact(empty)).contains("is empty"));
    Path outside = text(dir.resolve("outside"), "secret.txt", "not a model");
    Path project = Files.createDirectories(dir.resolve("project"));
    Path link = Files.createSymbolicLink(project.resolve("model.bin"), outside);
    String msg = refused(c -> c.artifact(link).allowSymlinksInside(project));
    assertTrue(msg.contains("symbolic link") && msg.contains(outside.toString()), msg);
    assertTrue(refused(c -> c.artifact(link)).contains("symbolic link"));
    dev.modelregistry.model.MissingInputException none =
        assertThrows(
            dev.modelregistry.model.MissingInputException.class,
            () -> register("risk_model", "v1.0.0").artifact(null).call());
    assertEquals(
        dev.modelregistry.model.Input.ARTIFACT,
        none.input(),
        "the front end is told which input is missing");
  }

  @Test
  void followsASymlinkThatStaysInsideTheProject() throws Exception {
    Path project = dir.resolve("build");
    Path link = Files.createSymbolicLink(project.resolve("latest.bin"), model);
    Registration r =
        register("risk_model", "v1.0.0").artifact(link).allowSymlinksInside(project).call();
    assertEquals("latest.bin", r.pointer().fileName());
  }

  @Test
  void refusesBadMetadata() throws Exception {
    Path m = dir.resolve("bad");
    assertTrue(
        refused(c -> c.metadataFile(text(m, "a.yaml", "metrics: [ic: 0.05\n"))).contains("a.yaml"));
    assertTrue(
        refused(c -> c.metadataFile(text(m, "b.yaml", "metrix:\n  ic: 0.05\n")))
            .contains("unknown field 'metrix'"));
    assertTrue(
        refused(
                c ->
                    c.metadataFile(
                        text(m, "c.yaml", "description: !!javax.script.ScriptEngineManager [x]\n")))
            .contains("tag"));
    assertTrue(
        refused(
                c ->
                    c.metadataFile(
                        text(m, "d.yaml", "parameters:\n  a: &a [1,2,3]\n  b: [*a,*a,*a]\n")))
            .contains("anchor"));
    assertTrue(
        refused(c -> c.metadataFile(text(m, "e.yaml", "metrics:\n  ic: 0.1\n  ic: 0.2\n")))
            .contains("ic"));
    Path huge = m.resolve("f.yaml");
    Files.writeString(huge, "description: \"" + "x".repeat(10 << 20) + "\"\n");
    assertTrue(refused(c -> c.metadataFile(huge)).contains("larger than"));
    assertTrue(
        refused(c -> c.metadataFile(text(m, "g.yaml", "version: \"v2.0.0\"\nmetrics: {ic: 1}\n")))
            .contains("v2.0.0"));
  }

  @Test
  void refusesAPathThatIsNoRegistry() throws Exception {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(plain.resolve("x"), "x");
    assertThrows(RegistryRefusedException.class, () -> Registry.open(plain.toString()));
    assertThrows(
        RegistryRefusedException.class, () -> Registry.open(dir.resolve("missing").toString()));
    assertThrows(
        RegistryRefusedException.class,
        () ->
            Registry.init(
                registry.directory().toString(),
                dev.modelregistry.model.Policy.defaults(List.of()),
                null));
  }

  @Test
  void threadsRegisteringAtOnceAllLand() throws Exception {
    List<Thread> threads = new java.util.ArrayList<>();
    List<Throwable> errors = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (int t = 0; t < 4; t++) {
      int n = t;
      Path a = artifact(dir.resolve("t" + n), "m.bin", 2000, 100 + n);
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 5; i++) {
                    registry
                        .register()
                        .model("par")
                        .version("v" + n + "." + i + ".0")
                        .artifact(a)
                        .call();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), errors);
    assertEquals(20, registry.list().model("par").call().size());
    run(registry.directory(), "git", "fsck", "--strict");
  }

  @Test
  void bytesThatNoPointerNamesAreRemovedByTheNextRegistrationOnceOldAndOnlyOnceADay()
      throws Exception {
    Registration kept = register("risk_model", "v1.0.0").call();
    LocalArtifactStore store = (LocalArtifactStore) registry.store();
    java.time.Instant now = java.time.Instant.now();
    // bytes a registration killed between copy and commit left: one old, one young
    Path oldOrphan = orphan(store, "a".repeat(64), now.minus(java.time.Duration.ofDays(2)));
    Path youngOrphan = orphan(store, "b".repeat(64), now.minus(java.time.Duration.ofHours(1)));
    Path named = store.pathOf(kept.pointer().sha256());
    named.toFile().setWritable(true);
    Files.setLastModifiedTime(
        named, java.nio.file.attribute.FileTime.from(now.minus(java.time.Duration.ofDays(30))));
    Path marker = registry.stateDirectory().resolve("last-store-sweep");
    assertTrue(Files.exists(marker), "the first registration swept (and found nothing to remove)");
    Files.setLastModifiedTime(
        marker, java.nio.file.attribute.FileTime.from(now.minus(java.time.Duration.ofDays(2))));

    model = artifact(dir.resolve("build"), "model2.bin", 10_000, 2);
    register("risk_model", "v1.1.0").call();
    assertFalse(Files.exists(oldOrphan), "an old file no pointer names is removed");
    assertTrue(Files.exists(youngOrphan), "a young one may be a registration under way elsewhere");
    assertTrue(Files.exists(named), "a named one stays, however old");
    registry.validate().model("risk_model").version("v1.0.0").call();

    Path again = orphan(store, "c".repeat(64), now.minus(java.time.Duration.ofDays(2)));
    model = artifact(dir.resolve("build"), "model3.bin", 10_000, 3);
    register("risk_model", "v1.2.0").call();
    assertTrue(Files.exists(again), "swept at most once a day");
  }

  private static Path orphan(LocalArtifactStore store, String hex, java.time.Instant modified)
      throws Exception {
    Path p = store.pathOf(dev.modelregistry.model.Sha256.parse(hex));
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(modified));
    return p;
  }
}
