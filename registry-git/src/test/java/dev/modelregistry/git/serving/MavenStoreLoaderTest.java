package dev.modelregistry.git.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.GitHttpServer;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.store.ArtifactServer;
import dev.modelregistry.git.store.StoreLogin;
import dev.modelregistry.git.store.StoreSettings;
import dev.modelregistry.model.StorePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's end to end: a registry on a Git server with its artifacts in a Maven repository
 * (both on loopback, the repository with basic authentication, as Nexus would be); a training
 * machine registers and promotes through its own clone, deploying the artifact; a serving host's
 * loader on another clone resolves it from the repository and hands over the checked bytes.
 */
class MavenStoreLoaderTest {
  @TempDir Path dir;

  private static RegistryOptions options(Path cache, String token) {
    return RegistryOptions.in(cache)
        .withStores(
            StoreSettings.DEFAULT.withLogins(
                (location, server) ->
                    "nexus".equals(server)
                        ? Optional.of(new StoreLogin.Basic("deployer", token))
                        : Optional.empty()));
  }

  @Test
  void aLoaderOnASecondCloneLoadsWhatABuildDeployedToTheMavenRepository() throws Exception {
    try (ArtifactServer files =
            ArtifactServer.start(
                dir.resolve("nexus"), ArtifactServer.Auth.basic("deployer", "t0ken"));
        GitHttpServer git = GitHttpServer.start(dir.resolve("git"))) {
      String url =
          TrainedOnAStore.registerAndPromote(
              dir,
              git,
              StorePolicy.maven(files.uri() + "releases/", "nexus", "com.example.models"),
              options(dir.resolve("training-cache"), "t0ken"));
      Path expected = TrainedOnAStore.registeredArtifact(dir);
      assertTrue(
          Files.exists(
              dir.resolve("nexus/releases/com/example/models/risk_model/v1.0.0")
                  .resolve("risk_model-v1.0.0.bin.sha256")),
          "deployed with its checksums, by Maven's layout");
      files.clearRequests();

      RegistryOptions serving = options(dir.resolve("serving-cache"), "t0ken");
      try (ModelLoader loader =
          ModelLoader.follow(url).model("risk_model").options(serving).onModel(m -> {}).start()) {
        LoadedModel m = loader.awaitModel(Duration.ofSeconds(30)).orElseThrow();
        assertEquals("v1.0.0", m.version().value());
        assertEquals(-1L, Files.mismatch(expected, m.path()));
        assertTrue(m.path().startsWith(serving.artifactCache()), m.path().toString());
      }
      try (Registry host = Registry.open(url, serving)) {
        Path out = dir.resolve("pulled/model.bin");
        host.pull().model("risk_model").to(out).call();
        assertEquals(-1L, Files.mismatch(expected, out));
      }
      assertTrue(
          files.requests().stream()
              .filter(r -> r.method().equals("GET") && r.path().endsWith(".bin"))
              .allMatch(r -> r.authorization() == null || r.authorization().startsWith("Basic ")),
          files.requests().toString());
    }
  }
}
