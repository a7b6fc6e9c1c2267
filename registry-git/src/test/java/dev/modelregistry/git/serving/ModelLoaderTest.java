package dev.modelregistry.git.serving;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.Forger;
import dev.modelregistry.git.MutableClock;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.Sha256;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader on real registries with real signatures: a local registry written by the library while
 * the loader follows it, and a remote one over HTTP. Nothing is mocked; a held store (the policy's
 * own store, one of its downloads paused) is the only device.
 */
class ModelLoaderTest {
  private static final String MODEL = "risk_model";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  Registry registry;
  Path key;
  final MutableClock clock = new MutableClock(Instant.parse("2025-01-13T08:00:00Z"));

  /** What the callback was handed, in order. */
  final List<LoadedModel> handed = new CopyOnWriteArrayList<>();

  /** Files the callback found not to match their sha256 (must stay empty). */
  final List<String> badFiles = new CopyOnWriteArrayList<>();

  final List<LoadFailure> failures = new CopyOnWriteArrayList<>();
  final List<String> warnings = new CopyOnWriteArrayList<>();
  final List<ModelLoader> loaders = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    key = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, key, "ops@example.com").withClock(clock);
    register(registry, dir, MODEL, "v1.0.0", 0.05, 1.2);
    register(registry, dir, MODEL, "v1.1.0", 0.06, 1.4);
    register(registry, dir, MODEL, "v1.2.0", 0.07, 1.5);
    promote("v1.0.0");
  }

  @AfterEach
  void tearDown() {
    loaders.forEach(ModelLoader::close);
    registry.close();
  }

  private void promote(String version) {
    clock.advance(Duration.ofMinutes(1));
    registry.promote().model(MODEL).version(version).reason("test").signingKey(key).call();
  }

  private void rollback() {
    clock.advance(Duration.ofMinutes(1));
    registry.rollback().model(MODEL).reason("test rollback").signingKey(key).call();
  }

  private String production() {
    return registry.current().model(MODEL).call().orElseThrow().version();
  }

  /** The callback of these tests: checks the file it is handed against the sha256 it is told. */
  private void accept(LoadedModel m) throws Exception {
    if (!sha256Of(m.path()).equals(m.sha256()) || Files.size(m.path()) != m.size()) {
      badFiles.add(m.version() + " " + m.path());
    }
    handed.add(m);
  }

  private static Sha256 sha256Of(Path file) throws Exception {
    MessageDigest d = Hashing.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) >= 0; ) {
        d.update(buf, 0, n);
      }
    }
    return Sha256.of(d.digest());
  }

  private ModelLoader.Builder loader() {
    return loader(registry.directory().toString());
  }

  private ModelLoader.Builder loader(String url) {
    return ModelLoader.follow(url)
        .model(MODEL)
        .options(RegistryOptions.in(dir.resolve("loader-cache")))
        .pollInterval(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
        .onModel(this::accept)
        .listener(
            new LoaderListener() {
              @Override
              public void onFailure(LoadFailure failure) {
                failures.add(failure);
              }

              @Override
              public void onWarning(String warning) {
                warnings.add(warning);
              }
            });
  }

  private ModelLoader started(ModelLoader.Builder b) {
    ModelLoader l = b.start();
    loaders.add(l);
    return l;
  }

  private void await(String what, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(
            "Timed out waiting for "
                + what
                + "; handed "
                + versions()
                + ", failures "
                + failures.stream().map(LoadFailure::message).toList());
      }
      Thread.sleep(5);
    }
  }

  private void awaitCurrent(ModelLoader l, String version) throws InterruptedException {
    await(
        "the loader to serve " + version,
        () -> l.current().map(m -> m.version().value().equals(version)).orElse(false));
  }

  private LoadFailure awaitFailure(LoadFailure.Kind kind) throws InterruptedException {
    await("a failure " + kind, () -> failures.stream().anyMatch(f -> f.kind() == kind));
    return failures.stream().filter(f -> f.kind() == kind).findFirst().orElseThrow();
  }

  private List<String> versions() {
    return handed.stream().map(m -> m.version().value()).toList();
  }

  @Test
  void handsOverTheVerifiedFileWithItsRecordAndFollowsPromotionsAndRollbacks() throws Exception {
    ModelLoader l = started(loader());
    LoadedModel first = l.awaitModel(WAIT).orElseThrow();
    assertEquals("v1.0.0", first.version().value());
    assertEquals("model.bin", first.path().getFileName().toString());
    assertEquals("ops@example.com", first.record().promotedBy());
    assertEquals(1.2, first.metadata().metrics().get("sharpe"));
    assertEquals(registry.branchTip("production").orElseThrow(), first.commit());

    long t0 = System.nanoTime();
    promote("v1.1.0");
    awaitCurrent(l, "v1.1.0");
    long promotedMillis = (System.nanoTime() - t0) / 1_000_000;
    rollback();
    awaitCurrent(l, "v1.0.0");

    assertEquals(List.of("v1.0.0", "v1.1.0", "v1.0.0"), versions());
    assertEquals(List.of(), badFiles);
    assertEquals(List.of(), failures);
    assertTrue(promotedMillis < 5_000, "promotion to callback took " + promotedMillis + " ms");
    // the rollback found v1.0.0 in the cache, checked it again, and handed the same file over
    assertEquals(first.path(), handed.get(2).path());
  }

  @Test
  void anArtifactChangedInTheStoreAfterPromotionIsRefusedAndTheOldModelKept() throws Exception {
    ModelLoader l = started(loader().pollInterval(Duration.ofHours(1))); // looks only on reload()
    awaitCurrent(l, "v1.0.0");
    promote("v1.1.0");
    Sha256 sha = registry.show().model(MODEL).version("v1.1.0").call().pointer().sha256();
    Path stored = ((LocalArtifactStore) registry.store()).pathOf(sha);
    byte[] other = new byte[(int) Files.size(stored)];
    new Random(7).nextBytes(other);
    stored.toFile().setWritable(true);
    Files.write(stored, other); // same size, other bytes: only the sha256 can tell

    l.reload();
    LoadFailure f = awaitFailure(LoadFailure.Kind.CHECKSUM);
    assertEquals("v1.1.0", f.version().orElseThrow().value());
    assertEquals(sha, f.sha256().orElseThrow());
    assertTrue(f.liveRecord(), "v1.1.0 is what production names");
    assertEquals("v1.0.0", f.kept().orElseThrow().value());
    assertTrue(f.nextRetryAt().isPresent());
    assertTrue(
        f.message().contains(sha.hex()) && f.message().contains("Still serving risk_model v1.0.0"),
        f.message());
    assertEquals("v1.0.0", l.current().orElseThrow().version().value());
    assertEquals(List.of("v1.0.0"), versions());
    assertFalse(
        Files.exists(
            dir.resolve("loader-cache/models/sha256").resolve(sha.hex()).resolve("model.bin")),
        "no name in the cache for bytes that did not match");
  }

  @Test
  void aProductionCommitSignedByAnUntrustedKeyIsRefusedAndTheOldModelKept() throws Exception {
    ModelLoader l = started(loader());
    awaitCurrent(l, "v1.0.0");
    Path stranger = dir.resolve("keys/stranger");
    SshKeys.generateEd25519(stranger, "mallory@example.com");
    String forged =
        new Forger(registry, stranger, "mallory@example.com")
            .promote(
                MODEL,
                "v1.1.0",
                registry.branchTip("main").orElseThrow(),
                Forger.claimedGates("0.06", "1.4"),
                clock.advance(Duration.ofMinutes(1)));

    LoadFailure f = awaitFailure(LoadFailure.Kind.UNTRUSTED);
    assertTrue(f.message().contains(forged), f.message());
    assertTrue(f.version().isEmpty(), "nothing is read from an untrusted branch");
    assertFalse(f.liveRecord());
    Thread.sleep(200); // polls and a retry go by: still nothing handed over
    assertEquals(List.of("v1.0.0"), versions());
    assertEquals("v1.0.0", l.current().orElseThrow().version().value());
  }

  @Test
  void aPromotionSignedByARollbackOnlyKeyIsRefusedAndTheOldModelKept() throws Exception {
    Path service = dir.resolve("keys/service");
    registry
        .trust()
        .principal("signal-service@example.com")
        .publicKey(SshKeys.generateEd25519(service, "signal-service@example.com"))
        .role("rollback")
        .signingKey(key)
        .call();
    ModelLoader l = started(loader());
    awaitCurrent(l, "v1.0.0");
    String forged =
        new Forger(registry, service, "signal-service@example.com")
            .promote(
                MODEL,
                "v1.1.0",
                registry.branchTip("main").orElseThrow(),
                Forger.claimedGates("0.06", "1.4"),
                clock.advance(Duration.ofMinutes(1)));

    LoadFailure f = awaitFailure(LoadFailure.Kind.UNTRUSTED);
    assertTrue(f.message().contains(forged) && f.message().contains("rollback only"), f.message());
    assertEquals(List.of("v1.0.0"), versions());
    assertEquals("v1.0.0", l.current().orElseThrow().version().value());
  }

  @Test
  void theCallbackThrowingKeepsTheOldModelTellsTheListenerAndRetries() throws Exception {
    ModelLoader l =
        started(
            loader()
                .onModel(
                    m -> {
                      if (m.version().value().equals("v1.1.0")) {
                        throw new IllegalStateException("smoke check: predicts NaN");
                      }
                      accept(m);
                    }));
    awaitCurrent(l, "v1.0.0");
    promote("v1.1.0");
    LoadFailure f = awaitFailure(LoadFailure.Kind.CALLBACK_FAILED);
    assertEquals("v1.1.0", f.version().orElseThrow().value());
    assertTrue(f.liveRecord());
    assertEquals("smoke check: predicts NaN", f.cause().getMessage());
    assertTrue(f.message().contains("predicts NaN"), f.message());
    await(
        "a retry with back-off",
        () -> failures.stream().anyMatch(x -> x.kind() == f.kind() && x.attempt() >= 2));
    assertEquals("v1.0.0", l.current().orElseThrow().version().value());
    assertEquals(List.of("v1.0.0"), versions());
  }

  @Test
  void aRollbackWhileADownloadIsInFlightWinsAndTheStaleDownloadIsNeverHandedOver()
      throws Exception {
    HeldStore held = new HeldStore();
    ModelLoader l = started(loader().artifactsThrough(held::wrap));
    awaitCurrent(l, "v1.0.0");
    held.hold(registry.show().model(MODEL).version("v1.1.0").call().pointer().sha256());
    promote("v1.1.0");
    assertTrue(held.awaitOpened(), "the download of v1.1.0 started");
    rollback(); // while v1.1.0's bytes are on their way
    held.release();
    promote("v1.2.0");
    awaitCurrent(l, "v1.2.0");
    assertEquals(List.of("v1.0.0", "v1.2.0"), versions(), "v1.1.0 was never handed over");
    assertEquals(List.of(), failures);
  }

  @Test
  void aThousandFlipsUnderARunningLoaderEndOnTheFinalProductionVersion() throws Exception {
    ModelLoader l = started(loader().pollInterval(Duration.ofMillis(5)));
    awaitCurrent(l, "v1.0.0");
    long t0 = System.nanoTime();
    for (int i = 0; i <= 1000; i++) { // 1,001 changes: the last a promotion, away from v1.0.0
      if (i % 2 == 0) {
        promote(i % 4 == 0 ? "v1.1.0" : "v1.2.0");
      } else {
        rollback();
      }
    }
    long flipsMillis = (System.nanoTime() - t0) / 1_000_000;
    String last = production();
    awaitCurrent(l, last);
    Thread.sleep(100); // nothing may come after the final version
    assertEquals("v1.1.0", last);
    assertEquals(last, versions().get(versions().size() - 1));
    for (int i = 1; i < handed.size(); i++) {
      assertFalse(
          versions().get(i).equals(versions().get(i - 1)),
          "handed the same version twice in a row");
    }
    assertEquals(last, l.current().orElseThrow().version().value());
    assertEquals(List.of(), badFiles, "every handed file matched its sha256");
    assertEquals(List.of(), failures);
    assertTrue(handed.size() > 2, "the loader followed flips: " + handed.size());
    System.out.println(
        "1000 flips in "
            + flipsMillis
            + " ms; the callback was handed "
            + handed.size()
            + " models");
  }

  @Test
  void strictDatasetModeBlocksAVersionTrainedOnOtherDatasets() throws Exception {
    ModelLoader l = started(loader().datasetVersions(Map.of("crsp", "v2.0.0")));
    LoadFailure f = awaitFailure(LoadFailure.Kind.DATASET);
    assertEquals("v1.0.0", f.version().orElseThrow().value());
    assertTrue(f.message().contains("crsp") && f.message().contains("v2.0.0"), f.message());
    assertTrue(l.current().isEmpty());
    assertEquals(List.of(), versions());
  }

  @Test
  void lenientDatasetModeLoadsWithAWarning() throws Exception {
    ModelLoader l =
        started(
            loader()
                .options(RegistryOptions.in(dir.resolve("loader-cache")).withStrictDatasets(false))
                .datasetVersions(Map.of("crsp", "v2.0.0")));
    awaitCurrent(l, "v1.0.0");
    assertTrue(
        warnings.stream().anyMatch(w -> w.contains("risk_model v1.0.0") && w.contains("crsp")),
        warnings.toString());
    assertEquals(List.of(), failures);
  }

  @Test
  void aModelNeverInTheEnvironmentIsWaitedFor() throws Exception {
    register(registry, dir, "other_model", "v1.0.0", 0.05, 1.2);
    ModelLoader l = started(loader().model("other_model"));
    LoadFailure f = awaitFailure(LoadFailure.Kind.NOT_IN_ENVIRONMENT);
    assertTrue(f.nextRetryAt().isEmpty(), "it waits for a change, not a retry");
    clock.advance(Duration.ofMinutes(1));
    registry.promote().model("other_model").version("v1.0.0").signingKey(key).call();
    await(
        "other_model to load",
        () -> l.current().map(m -> m.model().value().equals("other_model")).orElse(false));
  }

  @Test
  void closeEndsTheLoadersThreadEvenDuringADownload() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    ModelLoader l = started(loader());
    awaitCurrent(l, "v1.0.0");
    l.reload();
    l.close();
    l.close(); // twice is fine

    HeldStore held = new HeldStore();
    held.hold(registry.show().model(MODEL).version("v1.1.0").call().pointer().sha256());
    ModelLoader busy = started(loader().artifactsThrough(held::wrap));
    awaitCurrent(busy, "v1.0.0");
    promote("v1.1.0");
    assertTrue(held.awaitOpened());
    busy.close(); // never released: close must not wait for the download

    List<String> left =
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .filter(t -> !before.contains(t))
            .map(Thread::getName)
            .collect(Collectors.toList());
    assertEquals(List.of(), left, "threads the loaders left");
    assertEquals(List.of(), failures, "closing is not a failure");
  }
}
