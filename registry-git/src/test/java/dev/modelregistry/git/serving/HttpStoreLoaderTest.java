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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the HTTP store is for: a registry on a Git server, artifacts on a file server, a training
 * machine that registers and promotes through its own clone, and a serving host with another clone
 * whose loader, and then {@code pull}, get the bytes, downloaded once into the shared cache.
 */
class HttpStoreLoaderTest {
  @TempDir Path dir;

  private static RegistryOptions options(Path cache, String token) {
    return RegistryOptions.in(cache)
        .withStores(
            StoreSettings.DEFAULT.withLogins(
                (location, server) ->
                    server == null ? Optional.empty() : Optional.of(new StoreLogin.Bearer(token))));
  }

  @Test
  void aServingHostOnAnotherCloneLoadsWhatTheTrainingHostRegisteredAndPromoted() throws Exception {
    try (ArtifactServer files =
            ArtifactServer.start(dir.resolve("files"), ArtifactServer.Auth.bearer("t0ken"));
        GitHttpServer git = GitHttpServer.start(dir.resolve("git"))) {
      String url =
          TrainedOnAStore.registerAndPromote(
              dir,
              git,
              StorePolicy.http(files.uri() + "models/", "models"),
              options(dir.resolve("training-cache"), "t0ken"));
      Path expected = TrainedOnAStore.registeredArtifact(dir);
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
      List<ArtifactServer.RecordedRequest> gets =
          files.requests().stream().filter(r -> r.method().equals("GET")).toList();
      assertEquals(1, gets.size(), "the loader and pull share one download: " + gets);
      assertEquals("Bearer t0ken", gets.get(0).authorization());
    }
  }
}
