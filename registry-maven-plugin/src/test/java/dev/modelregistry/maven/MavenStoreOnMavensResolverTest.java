package dev.modelregistry.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.Registration;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.store.ArtifactServer;
import dev.modelregistry.git.store.HttpTimeouts;
import dev.modelregistry.git.store.MavenAccess;
import dev.modelregistry.git.store.StoreLogin;
import dev.modelregistry.git.store.StoreLogins;
import dev.modelregistry.git.store.StoreSettings;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.StorePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.maven.project.MavenProject;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.connector.basic.BasicRepositoryConnectorFactory;
import org.eclipse.aether.impl.DefaultServiceLocator;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.spi.connector.RepositoryConnectorFactory;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.transport.file.FileTransporterFactory;
import org.eclipse.aether.transport.http.HttpTransporterFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Maven store as the goals run it: through the resolver Maven 3.9 itself carries (1.9, which
 * replaces the library's 2.x inside Maven) and a read-only build session, handed over with {@link
 * MavenAccess#of}; against a repository over HTTP with basic authentication on loopback.
 */
class MavenStoreOnMavensResolverTest {
  private static final String USER = "deployer";
  private static final String PASSWORD = "s3cret-Pa55";
  private static final String FILE = "com/example/models/risk_model/v1.0.0/risk_model-v1.0.0.bin";

  @TempDir Path tmp;
  private RepositorySystem system;
  private DefaultRepositorySystemSession build;
  private ArtifactServer server;
  private Path nexus;

  @BeforeEach
  @SuppressWarnings("deprecation") // the service locator: how resolver 1.x is made outside Maven
  void mavensResolver() throws Exception {
    DefaultServiceLocator locator = MavenRepositorySystemUtils.newServiceLocator();
    locator.addService(RepositoryConnectorFactory.class, BasicRepositoryConnectorFactory.class);
    locator.addService(TransporterFactory.class, FileTransporterFactory.class);
    locator.addService(TransporterFactory.class, HttpTransporterFactory.class);
    system = locator.getService(RepositorySystem.class);
    build = MavenRepositorySystemUtils.newSession();
    build.setLocalRepositoryManager(
        system.newLocalRepositoryManager(
            build, new LocalRepository(Files.createDirectories(tmp.resolve("m2")).toFile())));
    build.setReadOnly(); // as Maven hands it to plugins
    nexus = Files.createDirectories(tmp.resolve("nexus"));
    server = ArtifactServer.start(nexus, ArtifactServer.Auth.basic(USER, PASSWORD));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void theResolverIsMavens() {
    String jar = system.getClass().getProtectionDomain().getCodeSource().getLocation().toString();
    assertTrue(jar.contains("maven-resolver-impl-1.9."), jar);
  }

  private Registry registry(String password) {
    StoreLogins logins = (location, id) -> Optional.of(new StoreLogin.Basic(USER, password));
    RegistryOptions o =
        RegistryOptions.in(tmp.resolve("cache"))
            .withStores(
                new StoreSettings(
                        StoreLogins.described(logins, "the test's user"),
                        new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), 0))
                    .withMaven(
                        s ->
                            MavenAccess.of(
                                system, build, s.logins(), s.timeouts(), tmp.resolve("scratch"))));
    return Registry.init(
        tmp.resolve("registry.git").toString(),
        Policy.defaults(List.of())
            .withStore(StorePolicy.maven(server.uri().toString(), "nexus", "com.example.models")),
        TestRegistry.TESTER,
        null,
        o);
  }

  private Registration register(Registry r) {
    Path a = TestRegistry.artifact(tmp.resolve("in"), "model.bin", 4096, 5);
    return r.register().model("risk_model").version("v1.0.0").artifact(a).call();
  }

  @Test
  void deploysWithASha256AndReadsItBack() throws Exception {
    try (Registry r = registry(PASSWORD)) {
      Registration reg = register(r);
      assertEquals(
          reg.pointer().sha256().hex(), Files.readString(nexus.resolve(FILE + ".sha256")).strip());
      assertTrue(Files.exists(nexus.resolve(FILE + ".sha1")));
      r.validate().model("risk_model").version("v1.0.0").call();
      Registration again =
          r.register()
              .model("copy")
              .version("v1.0.0")
              .artifactUri("mvn:com.example.models:risk_model:v1.0.0:bin")
              .call();
      assertEquals(reg.pointer().sha256(), again.pointer().sha256());
    }
    assertEquals(List.of(), TestRegistry.filesUnder(tmp.resolve("m2")), "the build's repository");
  }

  @Test
  void aWrongSha256IsRefused() throws Exception {
    try (Registry r = registry(PASSWORD)) {
      register(r);
      Files.writeString(nexus.resolve(FILE + ".sha256"), "cd".repeat(32));
      RegistryRefusedException e =
          assertThrows(
              RegistryRefusedException.class,
              () -> r.validate().model("risk_model").version("v1.0.0").call());
      assertTrue(e.getMessage().contains("cd".repeat(32)), e.getMessage());
    }
  }

  @Test
  void wrongCredentialsAreARefusalWithoutThePassword() {
    String wrong = "not-the-Pa55word-42";
    try (Registry r = registry(wrong)) {
      RegistryRefusedException e = assertThrows(RegistryRefusedException.class, () -> register(r));
      assertTrue(e.getMessage().contains("401"), e.getMessage());
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.getMessage());
      }
      assertTrue(r.list().model("risk_model").call().isEmpty());
    }
  }

  /** A build as the goals see it: this session, and settings.xml with {@code server}. */
  @SuppressWarnings("deprecation")
  private org.apache.maven.execution.MavenSession session(String serverId, String password) {
    org.apache.maven.execution.DefaultMavenExecutionRequest request =
        new org.apache.maven.execution.DefaultMavenExecutionRequest();
    org.apache.maven.settings.Server s = new org.apache.maven.settings.Server();
    s.setId(serverId);
    s.setUsername(USER);
    s.setPassword(password);
    request.addServer(s);
    return new org.apache.maven.execution.MavenSession(
        null, build, request, new org.apache.maven.execution.DefaultMavenExecutionResult());
  }

  private Registry registryThroughTheGoals(
      StorePolicy store, org.apache.maven.execution.MavenSession session, MavenProject project) {
    RegistryOptions o =
        BuildResolver.apply(
            RegistryOptions.in(tmp.resolve("cache")), system, session, null, project);
    return Registry.init(
        tmp.resolve("registry.git").toString(),
        Policy.defaults(List.of()).withStore(store),
        TestRegistry.TESTER,
        null,
        o);
  }

  @Test
  void theGoalsLogInWithTheSettingsServerThatStoreServerNames() throws Exception {
    StorePolicy store = StorePolicy.maven(server.uri().toString(), "nexus", "com.example.models");
    try (Registry r = registryThroughTheGoals(store, session("nexus", PASSWORD), null)) {
      register(r);
      r.validate().model("risk_model").version("v1.0.0").call();
    }
  }

  @Test
  void withoutStoreServerTheReleaseRepositoryAtStoreUrlLendsItsId() throws Exception {
    MavenProject project = new MavenProject();
    org.apache.maven.model.DistributionManagement dm =
        new org.apache.maven.model.DistributionManagement();
    org.apache.maven.model.DeploymentRepository releases =
        new org.apache.maven.model.DeploymentRepository();
    releases.setId("corp-releases");
    releases.setUrl(server.uri().toString());
    dm.setRepository(releases);
    project.getModel().setDistributionManagement(dm);
    StorePolicy store = StorePolicy.maven(server.uri().toString(), null, "com.example.models");
    try (Registry r = registryThroughTheGoals(store, session("corp-releases", PASSWORD), project)) {
      register(r);
      assertTrue(Files.exists(nexus.resolve(FILE)));
    }
  }

  @Test
  void aWrongSettingsPasswordIsARefusalWithoutIt() {
    String wrong = "settings-Pa55-wrong";
    StorePolicy store = StorePolicy.maven(server.uri().toString(), "nexus", "com.example.models");
    try (Registry r = registryThroughTheGoals(store, session("nexus", wrong), null)) {
      RegistryRefusedException e = assertThrows(RegistryRefusedException.class, () -> register(r));
      assertTrue(e.getMessage().contains("settings.xml"), e.getMessage());
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.getMessage());
      }
    }
  }

  @Test
  void theServerDownIsUnavailable() throws Exception {
    try (Registry r = registry(PASSWORD)) {
      register(r);
      server.close();
      assertThrows(
          RegistryUnavailableException.class,
          () -> r.validate().model("risk_model").version("v1.0.0").call());
    }
  }
}
