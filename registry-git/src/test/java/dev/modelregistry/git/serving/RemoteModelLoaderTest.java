package dev.modelregistry.git.serving;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.GitHttpServer;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.StorePolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on a remote registry served over HTTP on loopback, which goes away and comes back. */
class RemoteModelLoaderTest {
  @TempDir Path dir;

  /** A registry in the server's directory whose artifacts are on storage every reader reaches. */
  private Registry serverRegistry(Path key) {
    Path repo = dir.resolve("server/reg.git");
    String pub = SshKeys.generateEd25519(key, "ops@example.com");
    Policy d = Policy.defaults(List.of(TrustedSigners.line("ops@example.com", pub)));
    Policy p =
        new Policy(
            d.formatVersion(),
            d.versions(),
            d.environments(),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            d.retention(),
            new StorePolicy("local", dir.resolve("shared-store").toString()));
    return Registry.init(repo.toString(), p, TestRegistry.TESTER, CommitSigner.sshKey(key));
  }

  @Test
  void anUnreachableRegistryKeepsTheModelAndReloadLoadsWhatChangedOnceItIsBack() throws Exception {
    Path key = dir.resolve("keys/ops");
    List<LoadFailure> failures = new CopyOnWriteArrayList<>();
    List<String> handed = new CopyOnWriteArrayList<>();
    try (Registry writer = serverRegistry(key)) {
      register(writer, dir, "risk_model", "v1.0.0", 0.05, 1.2);
      register(writer, dir, "risk_model", "v1.1.0", 0.06, 1.4);
      writer.promote().model("risk_model").version("v1.0.0").signingKey(key).call();

      GitHttpServer server = GitHttpServer.start(dir.resolve("server"));
      String url = server.url("reg.git");
      int port = URI.create(url).getPort();
      try (ModelLoader loader =
          ModelLoader.follow(url)
              .model("risk_model")
              .options(RegistryOptions.in(dir.resolve("loader-cache")))
              .pollInterval(Duration.ofMillis(100))
              // long enough that only reload() can bring the new version in within the test
              .backoff(Duration.ofSeconds(60), Duration.ofSeconds(60))
              .onModel(m -> handed.add(m.version().value()))
              .listener(
                  new LoaderListener() {
                    @Override
                    public void onFailure(LoadFailure f) {
                      failures.add(f);
                    }
                  })
              .start()) {
        assertEquals(
            "v1.0.0", loader.awaitModel(Duration.ofSeconds(20)).orElseThrow().version().value());

        server.close();
        writer.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (failures.isEmpty() && System.nanoTime() - end < 0) {
          Thread.sleep(10);
        }
        LoadFailure f = failures.get(0);
        assertEquals(LoadFailure.Kind.UNREACHABLE, f.kind(), f.message());
        assertTrue(f.message().contains(url) && f.message().contains("Still serving"), f.message());
        assertEquals("v1.0.0", loader.current().orElseThrow().version().value());

        server = GitHttpServer.startOnOneOf(dir.resolve("server"), port);
        loader.reload();
        end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!loader.current().orElseThrow().version().value().equals("v1.1.0")
            && System.nanoTime() - end < 0) {
          Thread.sleep(10);
        }
        assertEquals(List.of("v1.0.0", "v1.1.0"), handed, "failures: " + failures);
      } finally {
        server.close();
      }
    }
  }
}
