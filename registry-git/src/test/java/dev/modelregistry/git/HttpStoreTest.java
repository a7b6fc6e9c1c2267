package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.store.ArtifactServer;
import dev.modelregistry.git.store.HttpTimeouts;
import dev.modelregistry.git.store.StoreLogin;
import dev.modelregistry.git.store.StoreSettings;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.StorePolicy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry whose artifacts live on an HTTP server that takes PUT (a real Jetty on loopback, with
 * basic authentication), and every fault the server can throw at it: each operation either works
 * with checked bytes or fails saying why, with nothing registered, promoted or written half.
 */
class HttpStoreTest {
  private static final String USER = "ci";
  private static final String PASSWORD = "pw-never-printed";

  @TempDir Path dir;
  private ArtifactServer server;
  private Registry registry;
  private Path key;
  private Path model;

  @BeforeEach
  void registryOnAnHttpStore() throws Exception {
    server = ArtifactServer.start(dir.resolve("server"), ArtifactServer.Auth.basic(USER, PASSWORD));
    key = dir.resolve("keys/ops");
    String pub = SshKeys.generateEd25519(key, "ops@example.com");
    Policy p =
        Policy.defaults(List.of(TrustedSigners.line("ops@example.com", pub)))
            .withStore(StorePolicy.http(server.uri() + "models/", "models"));
    registry =
        Registry.init(
            dir.resolve("registry.git").toString(),
            p,
            TestRegistry.TESTER,
            CommitSigner.sshKey(key),
            options(dir.resolve("cache"), PASSWORD));
    model = TestRegistry.artifact(dir.resolve("in"), "model.bin", 300_000, 7);
  }

  @AfterEach
  void close() throws Exception {
    registry.close();
    server.close();
  }

  /** The front end's part: these credentials for the store registry.yaml names, short timeouts. */
  private static RegistryOptions options(Path cache, String password) {
    return RegistryOptions.in(cache)
        .withStores(
            new StoreSettings(
                (location, serverId) ->
                    "models".equals(serverId)
                        ? Optional.of(new StoreLogin.Basic(USER, password))
                        : Optional.empty(),
                new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), 2)));
  }

  private Registration register(String version) {
    return registry.register().model("alpha").version(version).artifact(model).call();
  }

  private List<ArtifactServer.RecordedRequest> requests(String method) {
    return server.requests().stream().filter(r -> r.method().equals(method)).toList();
  }

  private boolean registered(String version) {
    return registry.list().model("alpha").call().stream()
        .anyMatch(v -> v.version().value().equals(version));
  }

  @Test
  void registerUploadsOncePullDownloadsOnceAndASecondPullIsServedFromTheCache() throws Exception {
    Registration r = register("v1.0.0");
    String uri = r.pointer().uri();
    assertTrue(uri.startsWith(server.uri() + "models/alpha/v1.0.0/"), uri);
    assertTrue(uri.endsWith("/model.bin"), uri);
    assertNull(r.storedAt());
    assertEquals(uri, r.where());
    List<ArtifactServer.RecordedRequest> puts = requests("PUT");
    assertEquals(1, puts.size(), puts.toString());
    assertTrue(puts.get(0).authorization().startsWith("Basic "), puts.toString());
    assertArrayEquals(
        Files.readAllBytes(model), server.stored(URI.create(uri).getPath().substring(1)));

    registry.validate().model("alpha").version("v1.0.0").call();
    int getsBefore = requests("GET").size();
    Path first = dir.resolve("out/first.bin");
    registry.pull().model("alpha").version("v1.0.0").to(first).call();
    Path second = dir.resolve("out/second.bin");
    registry.pull().model("alpha").version("v1.0.0").to(second).call();
    assertEquals(-1L, Files.mismatch(model, first));
    assertEquals(-1L, Files.mismatch(model, second));
    assertEquals(getsBefore + 1, requests("GET").size(), "the second pull came from the cache");
    assertTrue(registry.verify().call().clean());
  }

  @Test
  void aCachedCopyThatWentBadIsDownloadedAgainNotHandedOut() throws Exception {
    register("v1.0.0");
    registry.pull().model("alpha").version("v1.0.0").to(dir.resolve("out/first.bin")).call();
    Path cached = cachedFiles().get(0);
    cached.toFile().setWritable(true);
    byte[] torn = Files.readAllBytes(cached);
    torn[torn.length - 1] ^= 1; // same size: only reading it in full tells
    Files.write(cached, torn);
    int gets = requests("GET").size();
    Path out = dir.resolve("out/second.bin");
    registry.pull().model("alpha").version("v1.0.0").to(out).call();
    assertEquals(-1L, Files.mismatch(model, out));
    assertEquals(gets + 1, requests("GET").size());
    assertEquals(-1L, Files.mismatch(model, cachedFiles().get(0)));
  }

  @Test
  void aBackupHoldsTheServersBytesAndRestorePutsThemBackAtThePointersUrl() throws Exception {
    Registration r = register("v1.0.0");
    Path backups = dir.resolve("backups");
    registry.backup().to(backups).call();
    String path = URI.create(r.pointer().uri()).getPath().substring(1);
    Files.delete(dir.resolve("server").resolve(path)); // the file server lost it
    VerifyCommand.Report lost = registry.verify().call();
    assertFalse(lost.clean(), "verify must notice bytes gone from the server");
    assertTrue(lost.findings().toString().contains("missing"), lost.findings().toString());

    registry.restore().model("alpha").version("v1.0.0").location(backups).force(true).call();
    assertArrayEquals(Files.readAllBytes(model), server.stored(path));
    assertTrue(registry.verify().call().clean());
  }

  @Test
  void aFailingPutRegistersNothing() {
    server.failPuts(500);
    RegistryUnavailableException e =
        assertThrows(RegistryUnavailableException.class, () -> register("v1.0.0"));
    assertTrue(e.getMessage().contains("500"), e.getMessage());
    assertTrue(e.getMessage().contains("Nothing was registered"), e.getMessage());
    assertFalse(registered("v1.0.0"));
  }

  @Test
  void aWrongPasswordIsARefusalThatNeverShowsThePassword() throws Exception {
    registry.close();
    registry =
        Registry.open(
            dir.resolve("registry.git").toString(), options(dir.resolve("cache"), "wrong-pass"));
    RegistryRefusedException e =
        assertThrows(RegistryRefusedException.class, () -> register("v1.0.0"));
    assertTrue(e.getMessage().contains("refused the login (401"), e.getMessage());
    assertTrue(e.getMessage().contains("user ci"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-pass"), e.getMessage());
    assertFalse(registered("v1.0.0"));
  }

  @Test
  void aForbiddenDirectoryIsARefusal() {
    server.forbidden("/models/");
    RegistryRefusedException e =
        assertThrows(RegistryRefusedException.class, () -> register("v1.0.0"));
    assertTrue(e.getMessage().contains("403"), e.getMessage());
    assertTrue(e.getMessage().contains("write permission"), e.getMessage());
    assertFalse(registered("v1.0.0"));
  }

  @Test
  void aFailingGetFailsPullAndValidateAndWritesNothing() {
    register("v1.0.0");
    server.failGets(500);
    Path out = dir.resolve("out/model.bin");
    assertThrows(
        RegistryUnavailableException.class,
        () -> registry.pull().model("alpha").version("v1.0.0").to(out).call());
    assertFalse(Files.exists(out));
    assertThrows(
        RegistryUnavailableException.class,
        () -> registry.validate().model("alpha").version("v1.0.0").call());
    assertEquals(List.of(), cachedFiles());
  }

  @Test
  void aDroppedDownloadIsResumedWithARangeRequest() throws Exception {
    register("v1.0.0");
    server.truncateNextGets(1, 100_000);
    Path out = dir.resolve("out/model.bin");
    registry.pull().model("alpha").version("v1.0.0").to(out).call();
    assertEquals(-1L, Files.mismatch(model, out));
    List<ArtifactServer.RecordedRequest> gets = requests("GET");
    assertEquals("bytes=100000-", gets.get(gets.size() - 1).range(), gets.toString());
  }

  @Test
  void aDownloadThatKeepsBreakingOffFailsAndKeepsNothing() {
    register("v1.0.0");
    server.truncateNextGets(10, 1000);
    Path out = dir.resolve("out/model.bin");
    RegistryUnavailableException e =
        assertThrows(
            RegistryUnavailableException.class,
            () -> registry.pull().model("alpha").version("v1.0.0").to(out).call());
    assertTrue(e.getMessage().contains("broke off"), e.getMessage());
    assertFalse(Files.exists(out));
    assertEquals(List.of(), cachedFiles());
  }

  @Test
  void aWrongContentLengthIsRefusedAsOtherBytes() {
    register("v1.0.0");
    server.wrongContentLength(400_000);
    RegistryRefusedException e =
        assertThrows(
            RegistryRefusedException.class,
            () -> registry.validate().model("alpha").version("v1.0.0").call());
    assertTrue(e.getMessage().contains("400000 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("300000"), e.getMessage());
  }

  @Test
  void otherBytesThanWereStoredAreRefusedNamingBothHashes() throws Exception {
    Registration r = register("v1.0.0");
    byte[] other = Files.readAllBytes(model);
    other[12345] ^= 1;
    server.serveOtherBytes(other);
    Path out = dir.resolve("out/model.bin");
    ChecksumMismatchException e =
        assertThrows(
            ChecksumMismatchException.class,
            () -> registry.pull().model("alpha").version("v1.0.0").to(out).call());
    assertTrue(e.getMessage().contains(r.pointer().sha256().hex()), e.getMessage());
    assertTrue(e.getMessage().contains(e.actual().hex()), e.getMessage());
    assertFalse(Files.exists(out));
    assertEquals(List.of(), cachedFiles());
    assertFalse(registry.verify().call().clean());
  }

  @Test
  void aServerThatNeverAnswersTimesOutAndNothingIsRegistered() {
    server.hang();
    long start = System.nanoTime();
    RegistryUnavailableException e =
        assertThrows(RegistryUnavailableException.class, () -> register("v1.0.0"));
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(30)) < 0,
        "a timeout, not a hang");
    assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
    assertFalse(registered("v1.0.0"));
  }

  @Test
  void aServerThatStopsReadingALargeUploadIsCutOffNotWaitedForForever() {
    model = TestRegistry.artifact(dir.resolve("big"), "model.bin", 64 << 20, 9);
    server.hang();
    RegistryUnavailableException e =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> assertThrows(RegistryUnavailableException.class, () -> register("v1.0.0")));
    assertTrue(
        e.getMessage().contains("stopped taking the upload")
            || e.getMessage().contains("did not answer"),
        e.getMessage());
    assertFalse(registered("v1.0.0"));
  }

  @Test
  void aRedirectToAnotherHostIsFollowedWithoutTheCredentials() throws Exception {
    Registration r = register("v1.0.0");
    String path = URI.create(r.pointer().uri()).getPath();
    try (ArtifactServer other = ArtifactServer.startOn("localhost", dir.resolve("other"))) {
      Path copy = dir.resolve("other").resolve(path.substring(1));
      Files.createDirectories(copy.getParent());
      Files.copy(model, copy);
      server.redirectGetsTo(other.uri());
      Path out = dir.resolve("out/model.bin");
      registry.pull().model("alpha").version("v1.0.0").to(out).call();
      assertEquals(-1L, Files.mismatch(model, out));
      List<ArtifactServer.RecordedRequest> there = other.requests();
      assertEquals(1, there.size(), there.toString());
      assertNull(there.get(0).authorization(), "credentials followed the redirect");
    }
  }

  @Test
  void theStoreDownDuringPromoteFailsTheArtifactGateAndPromotesNothing() throws Exception {
    TestRegistry.register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    server.close();
    RegistryUnavailableException e =
        assertThrows(
            RegistryUnavailableException.class,
            () ->
                registry
                    .promote()
                    .model("risk_model")
                    .version("v1.0.0")
                    .reason("weekly retrain")
                    .signingKey(key)
                    .call());
    assertTrue(e.getMessage().contains("artifact gate could not check"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was promoted"), e.getMessage());
    assertEquals(Optional.empty(), registry.current().model("risk_model").call());
  }

  @Test
  void versionsInTwoStoresAreEachReadWhereTheyWerePut() throws Exception {
    String signer = registry.policy().signers().get(0);
    registry.close();
    Path local = dir.resolve("local.git");
    registry =
        Registry.init(
            local.toString(),
            Policy.defaults(List.of(signer)),
            TestRegistry.TESTER,
            CommitSigner.sshKey(key),
            options(dir.resolve("cache"), PASSWORD));
    Registration before = register("v1.0.0");
    assertTrue(before.pointer().uri().startsWith("local:"), before.pointer().uri());
    Path file = dir.resolve("http-store.yaml");
    Files.writeString(
        file,
        SafeMapper.writeYaml(
            registry.policy().withStore(StorePolicy.http(server.uri() + "models/", "models"))));
    registry
        .changePolicy()
        .file(file)
        .reason("artifacts move to the file server")
        .signingKey(key)
        .call();
    model = TestRegistry.artifact(dir.resolve("in2"), "model.bin", 200_000, 8);
    Registration after = register("v1.1.0");
    assertTrue(after.pointer().uri().startsWith(server.uri().toString()), after.pointer().uri());
    registry.validate().model("alpha").version("v1.0.0").call();
    registry.validate().model("alpha").version("v1.1.0").call();
    Path out = dir.resolve("out/old.bin");
    registry.pull().model("alpha").version("v1.0.0").to(out).call();
    assertTrue(registry.verify().call().clean());
  }

  private List<Path> cachedFiles() {
    Path cache = dir.resolve("cache/artifacts");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(cache)) {
      return s.filter(Files::isRegularFile).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
