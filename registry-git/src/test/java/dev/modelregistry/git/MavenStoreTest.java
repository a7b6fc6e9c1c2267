package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.store.ArtifactServer;
import dev.modelregistry.git.store.FileCopy;
import dev.modelregistry.git.store.HttpTimeouts;
import dev.modelregistry.git.store.MavenAccess;
import dev.modelregistry.git.store.StoreLogin;
import dev.modelregistry.git.store.StoreLogins;
import dev.modelregistry.git.store.StoreSettings;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.StorePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.deployment.DeployRequest;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store.type maven against a real Maven repository over HTTP on loopback (basic authentication, as
 * a Nexus hosted repository), through the library's own resolver: what is deployed, what is read
 * back, and what is refused.
 */
class MavenStoreTest {
  private static final String USER = "deployer";
  private static final String PASSWORD = "s3cret-Pa55";
  private static final String GROUP = "com.example.models";
  private static final String DIR = "com/example/models/risk_model/v1.0.0/";
  private static final String FILE = DIR + "risk_model-v1.0.0.bin";

  @TempDir Path tmp;
  private Path nexus;
  private ArtifactServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    nexus = Files.createDirectories(tmp.resolve("nexus"));
    server = ArtifactServer.start(nexus, ArtifactServer.Auth.basic(USER, PASSWORD));
    url = server.uri().toString();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /** The requests the server saw, as {@code METHOD path} without the leading slash. */
  private List<String> requests() {
    return server.requests().stream()
        .map(r -> r.method() + " " + r.path().replaceFirst("^/", ""))
        .toList();
  }

  private List<String> puts() {
    return requests().stream().filter(r -> r.startsWith("PUT ")).toList();
  }

  private RegistryOptions options(String password) {
    StoreLogins logins = (location, id) -> Optional.of(new StoreLogin.Basic(USER, password));
    return RegistryOptions.in(tmp.resolve("cache"))
        .withStores(
            new StoreSettings(
                    StoreLogins.described(logins, "the test's user"),
                    new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), 0))
                .withMaven(s -> MavenAccess.standalone(tmp.resolve("m2"), s)));
  }

  private Registry registry(StorePolicy store, String password) {
    return registry(store, options(password));
  }

  private Registry registry(StorePolicy store, RegistryOptions options) {
    return Registry.init(
        tmp.resolve("registry.git").toString(),
        Policy.defaults(List.of()).withStore(store),
        TestRegistry.TESTER,
        null,
        options);
  }

  private Registry registry() {
    return registry(StorePolicy.maven(url, "nexus", GROUP), PASSWORD);
  }

  private Registration register(Registry r, String version) {
    Path a = TestRegistry.artifact(tmp.resolve("in-" + version), "model.bin", 4096, 7);
    return r.register().model("risk_model").version(version).artifact(a).call();
  }

  @Test
  void registersIntoTheRepositoryAndReadsItBack() throws Exception {
    try (Registry r = registry()) {
      Registration reg = register(r, "v1.0.0");
      assertEquals("mvn:com.example.models:risk_model:v1.0.0:bin", reg.pointer().uri());
      Path deployed = nexus.resolve(FILE);
      assertArrayEquals(
          Files.readAllBytes(tmp.resolve("in-v1.0.0/model.bin")), Files.readAllBytes(deployed));
      assertEquals(
          reg.pointer().sha256().hex(), Files.readString(nexus.resolve(FILE + ".sha256")).strip());
      assertEquals(sha1(deployed), Files.readString(nexus.resolve(FILE + ".sha1")).strip());

      ValidationResult v = r.validate().model("risk_model").version("v1.0.0").call();
      assertTrue(v.location().contains(url), v.location());
      Path out = tmp.resolve("pulled.bin");
      r.pull().model("risk_model").version("v1.0.0").to(out).call();
      assertArrayEquals(Files.readAllBytes(deployed), Files.readAllBytes(out));
      assertTrue(requests().contains("GET " + FILE), "read from the server: " + requests());
    }
  }

  @Test
  void aFileRepositoryWorksToo() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("file-repo"));
    try (Registry r = registry(StorePolicy.maven(repo.toUri().toString(), null, GROUP), PASSWORD)) {
      Registration reg = register(r, "v1.0.0");
      assertTrue(Files.exists(repo.resolve(FILE + ".sha256")));
      r.validate().model("risk_model").version("v1.0.0").call();
      assertEquals(FileCopy.hash(repo.resolve(FILE)).sha256(), reg.pointer().sha256());
    }
  }

  @Test
  void aSnapshotVersionIsRefusedAndNothingRegistered() {
    try (Registry r = registry()) {
      RegistryRefusedException e =
          assertThrows(RegistryRefusedException.class, () -> register(r, "v1.0.0-SNAPSHOT"));
      assertTrue(e.getMessage().contains("SNAPSHOT"), e.getMessage());
      assertTrue(e.getMessage().contains("Nothing was registered"), e.getMessage());
      assertTrue(r.list().model("risk_model").call().isEmpty());
      assertEquals(List.of(), puts());
    }
  }

  @Test
  void aMissingGroupIsRefused() {
    try (Registry r = registry(StorePolicy.maven(url, "nexus", null), PASSWORD)) {
      RegistryRefusedException e =
          assertThrows(RegistryRefusedException.class, () -> register(r, "v1.0.0"));
      assertTrue(e.getMessage().contains("store.group"), e.getMessage());
      assertTrue(r.list().model("risk_model").call().isEmpty());
      assertEquals(List.of(), puts());
    }
  }

  @Test
  void bytesReplacedWithTheirSha1AreRefusedByTheRegisteredSha256() throws Exception {
    try (Registry r = registry()) {
      Registration reg = register(r, "v1.0.0");
      Path f = nexus.resolve(FILE);
      Files.write(f, "other bytes".getBytes(StandardCharsets.UTF_8));
      Files.writeString(nexus.resolve(FILE + ".sha1"), sha1(f));
      Files.delete(nexus.resolve(FILE + ".sha256")); // as a repository that keeps SHA-1 only
      String other = FileCopy.hash(f).sha256().hex();
      ChecksumMismatchException e =
          assertThrows(
              ChecksumMismatchException.class,
              () -> r.validate().model("risk_model").version("v1.0.0").call());
      assertTrue(e.getMessage().contains(reg.pointer().sha256().hex()), e.getMessage());
      assertTrue(e.getMessage().contains(other), e.getMessage());
      assertFalse(
          e.getMessage().contains("install -m 444"), "no file to install: " + e.getMessage());
    }
  }

  @Test
  void bytesReplacedWithAllTheirChecksumsAreRefusedNamingBoth() throws Exception {
    try (Registry r = registry()) {
      Registration reg = register(r, "v1.0.0");
      Path f = nexus.resolve(FILE);
      Files.write(f, "other bytes".getBytes(StandardCharsets.UTF_8));
      String other = FileCopy.hash(f).sha256().hex();
      Files.writeString(nexus.resolve(FILE + ".sha1"), sha1(f));
      Files.writeString(nexus.resolve(FILE + ".sha256"), other);
      RegistryRefusedException e =
          assertThrows(
              RegistryRefusedException.class,
              () -> r.validate().model("risk_model").version("v1.0.0").call());
      assertTrue(e.getMessage().contains(reg.pointer().sha256().hex()), e.getMessage());
      assertTrue(e.getMessage().contains(other), e.getMessage());
    }
  }

  @Test
  void aWrongSha256FileIsRefused() throws Exception {
    try (Registry r = registry()) {
      register(r, "v1.0.0");
      String wrong = "ab".repeat(32);
      Files.writeString(nexus.resolve(FILE + ".sha256"), wrong);
      RegistryRefusedException e =
          assertThrows(
              RegistryRefusedException.class,
              () -> r.validate().model("risk_model").version("v1.0.0").call());
      assertTrue(e.getMessage().contains("checksum"), e.getMessage());
      assertTrue(e.getMessage().contains(wrong), e.getMessage());
    }
  }

  @Test
  void registersByReferenceWhatAPlainDeployPut() throws Exception {
    Path model = TestRegistry.artifact(tmp.resolve("built"), "model.onnx", 10_000, 3);
    deployAsMavenDoes(model, "com.example", "external", "2.0.0", "onnx");
    server.clearRequests();
    try (Registry r = registry()) {
      Registration reg =
          r.register()
              .model("external")
              .version("v2.0.0")
              .artifactUri("mvn:com.example:external:2.0.0:onnx")
              .call();
      assertEquals("mvn:com.example:external:2.0.0:onnx", reg.pointer().uri());
      assertEquals(FileCopy.hash(model).sha256(), reg.pointer().sha256());
      assertEquals(Files.size(model), reg.pointer().size());
      assertEquals("external-2.0.0.onnx", reg.pointer().fileName());
      assertEquals(List.of(), puts(), "nothing uploaded");
      assertTrue(
          requests().contains("GET com/example/external/2.0.0/external-2.0.0.onnx"),
          requests().toString());
      r.validate().model("external").version("v2.0.0").call();
    }
  }

  @Test
  void readsOlderRepositoriesListedUnderAlsoRead() throws Exception {
    Path old = Files.createDirectories(tmp.resolve("old-repo"));
    Path model = TestRegistry.artifact(tmp.resolve("built"), "model.onnx", 5000, 9);
    deployAsMavenDoes(model, "com.example", "legacy", "1.0.0", "onnx", old.toUri().toString());
    StorePolicy store =
        new StorePolicy(
            StorePolicy.MAVEN, null, url, "nexus", GROUP, List.of(old.toUri().toString()));
    try (Registry r = registry(store, PASSWORD)) {
      Registration reg =
          r.register()
              .model("legacy")
              .version("v1.0.0")
              .artifactUri("mvn:com.example:legacy:1.0.0:onnx")
              .call();
      assertEquals(FileCopy.hash(model).sha256(), reg.pointer().sha256());
      ValidationResult v = r.validate().model("legacy").version("v1.0.0").call();
      assertTrue(v.location().contains(old.toUri().toString()), v.location());
      assertEquals(List.of(), puts());
    }
  }

  @Test
  void aReferenceToASnapshotOrNothingIsRefused() {
    try (Registry r = registry()) {
      assertThrows(
          RegistryRefusedException.class,
          () ->
              r.register()
                  .model("external")
                  .version("v2.0.0")
                  .artifactUri("mvn:com.example:external:2.0.0-SNAPSHOT:onnx")
                  .call());
      RegistryRefusedException e =
          assertThrows(
              RegistryRefusedException.class,
              () ->
                  r.register()
                      .model("external")
                      .version("v2.0.0")
                      .artifactUri("mvn:com.example:absent:2.0.0:onnx")
                      .call());
      assertTrue(e.getMessage().contains("none of"), e.getMessage());
      assertTrue(r.list().model("external").call().isEmpty());
    }
  }

  @Test
  void wrongCredentialsAreARefusalThatDoesNotShowThePassword() {
    String wrong = "not-the-Pa55word-42";
    try (Registry r = registry(StorePolicy.maven(url, "nexus", GROUP), wrong)) {
      RegistryRefusedException e =
          assertThrows(RegistryRefusedException.class, () -> register(r, "v1.0.0"));
      assertTrue(e.getMessage().contains("401"), e.getMessage());
      assertTrue(e.getMessage().contains("user " + USER), e.getMessage());
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.getMessage());
      }
      assertTrue(r.list().model("risk_model").call().isEmpty());
      assertFalse(Files.exists(nexus.resolve(FILE)));
    }
  }

  @Test
  void theServerDownDuringValidateIsUnavailable() throws Exception {
    try (Registry r = registry()) {
      register(r, "v1.0.0");
      server.close();
      RegistryUnavailableException e =
          assertThrows(
              RegistryUnavailableException.class,
              () -> r.validate().model("risk_model").version("v1.0.0").call());
      assertTrue(e.getMessage().contains("run it again"), e.getMessage());
      assertTrue(e.getMessage().contains(url), e.getMessage());
    }
  }

  @Test
  void anArtifactGoneFromTheRepositoryIsDeployedAgainFromABackup() throws Exception {
    try (Registry r = registry()) {
      Registration reg = register(r, "v1.0.0");
      Path backups = tmp.resolve("backups");
      r.backup().to(backups).call();
      for (String ext : List.of("", ".sha256", ".sha1", ".md5")) {
        Files.delete(nexus.resolve(FILE + ext));
      }
      assertThrows(
          RegistryRefusedException.class,
          () -> r.validate().model("risk_model").version("v1.0.0").call());
      r.restore()
          .model("risk_model")
          .version("v1.0.0")
          .location(backups)
          .from("latest")
          .force(true)
          .call();
      assertEquals(
          reg.pointer().sha256().hex(), Files.readString(nexus.resolve(FILE + ".sha256")).strip());
      r.validate().model("risk_model").version("v1.0.0").call();
    }
  }

  @Test
  void anIdenticalRetryDeploysNothingAgain() {
    try (Registry r = registry()) {
      register(r, "v1.0.0");
      server.clearRequests();
      Registration again = register(r, "v1.0.0");
      assertTrue(again.alreadyRegistered());
      assertEquals(List.of(), puts());
    }
  }

  @Test
  void aBuildsResolverAndSessionServeAsTheyAre() throws Exception {
    RepositorySystem system = new RepositorySystemSupplier().get();
    Path buildRepo = Files.createDirectories(tmp.resolve("build-m2"));
    try (RepositorySystemSession.CloseableSession build =
        new SessionBuilderSupplier(system)
            .get()
            .withLocalRepositoryBaseDirectories(buildRepo)
            .build()) {
      RegistryOptions o = options(PASSWORD);
      o =
          o.withStores(
              o.stores()
                  .withMaven(
                      s ->
                          MavenAccess.of(
                              system, build, s.logins(), s.timeouts(), tmp.resolve("scratch"))));
      try (Registry r = registry(StorePolicy.maven(url, "nexus", GROUP), o)) {
        Registration reg = register(r, "v1.0.0");
        assertTrue(Files.exists(nexus.resolve(FILE + ".sha256")));
        r.validate().model("risk_model").version("v1.0.0").call();
        assertEquals(FileCopy.hash(nexus.resolve(FILE)).sha256(), reg.pointer().sha256());
      }
      assertEquals(
          List.of(), TestRegistry.filesUnder(buildRepo), "the build's repository untouched");
    } finally {
      system.shutdown();
    }
  }

  /** A deploy as {@code mvn deploy} makes it: the resolver's default checksums (SHA-1, MD5). */
  private void deployAsMavenDoes(Path file, String g, String a, String v, String type)
      throws Exception {
    deployAsMavenDoes(file, g, a, v, type, url);
  }

  private void deployAsMavenDoes(
      Path file, String g, String a, String v, String type, String repositoryUrl) throws Exception {
    RepositorySystem system = new RepositorySystemSupplier().get();
    try (RepositorySystemSession.CloseableSession s =
        new SessionBuilderSupplier(system)
            .get()
            .withLocalRepositoryBaseDirectories(Files.createTempDirectory(tmp, "deployer"))
            .build()) {
      RemoteRepository repo =
          new RemoteRepository.Builder("nexus", "default", repositoryUrl)
              .setAuthentication(
                  new AuthenticationBuilder().addUsername(USER).addPassword(PASSWORD).build())
              .build();
      system.deploy(
          s,
          new DeployRequest()
              .setRepository(repo)
              .addArtifact(new DefaultArtifact(g, a, "", type, v).setPath(file)));
    } finally {
      system.shutdown();
    }
  }

  private static String sha1(Path f) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f)));
  }
}
