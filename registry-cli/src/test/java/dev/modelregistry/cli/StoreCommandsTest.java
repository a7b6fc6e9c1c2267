package dev.modelregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.store.ArtifactServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code registry} command on a registry whose artifacts live on an HTTP server (a real one on
 * loopback, with basic authentication): the store chosen by a signed policy change, credentials
 * from the environment or from Maven's settings.xml, and the exit status telling a refused login
 * from a server that is down.
 */
class StoreCommandsTest {
  @TempDir Path dir;
  private ArtifactServer server;
  private Path key;
  private String url;
  private Cli cli;

  @BeforeEach
  void registryOnAnHttpStore() throws Exception {
    server = ArtifactServer.start(dir.resolve("files"), ArtifactServer.Auth.basic("ci", "s3cret"));
    key = dir.resolve("ops_key");
    url = dir.resolve("registry").toString();
    cli = new Cli(dir.resolve("home"));
    cli.initSigned(url, key);
    String policy =
        dev.modelregistry.git.TestRegistry.run(dir, "git", "-C", url, "show", "main:registry.yaml");
    String withStore =
        policy.replaceFirst(
            "(?s)store:\\n(  [^\\n]*\\n)+",
            "store:\n  type: http\n  url: \"" + server.uri() + "models/\"\n  server: models\n");
    assertTrue(withStore.contains("type: http"), withStore);
    Path file = Files.writeString(dir.resolve("new-policy.yaml"), withStore);
    Cli.Result changed =
        cli.run(
            "policy",
            "--url",
            url,
            "--file",
            file.toString(),
            "--reason",
            "artifacts to the file server",
            "--signing-key",
            key.toString());
    assertEquals(0, changed.status(), changed.toString());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void credentialsFromTheEnvironmentRegisterAndPull() throws Exception {
    cli.env("REGISTRY_STORE_USERNAME", "ci").env("REGISTRY_STORE_PASSWORD", "s3cret");
    Cli.Result r = cli.register(dir, url, "alpha_baseline", "v1.0.0", 0.05, 1.2);
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains(server.uri() + "models/alpha_baseline/v1.0.0/"), r.toString());
    Path out = dir.resolve("pulled.bin");
    Cli.Result p =
        cli.run(
            "pull",
            "--url",
            url,
            "--model",
            "alpha_baseline",
            "--version",
            "v1.0.0",
            "--output",
            out.toString());
    assertEquals(0, p.status(), p.toString());
    assertEquals(-1L, Files.mismatch(dir.resolve("model-v1.0.0.bin"), out));
    assertFalse((r.out() + r.err() + p.out() + p.err()).contains("s3cret"));
  }

  @Test
  void aSettingsXmlServerWithTheStoresIdLogsIn() throws Exception {
    Path m2 = Files.createDirectories(dir.resolve("home/.m2"));
    Files.writeString(
        m2.resolve("settings.xml"),
        "<settings><servers><server><id>models</id><username>ci</username>"
            + "<password>s3cret</password></server></servers></settings>");
    Cli.Result r = cli.register(dir, url, "alpha_baseline", "v1.0.0", 0.05, 1.2);
    assertEquals(0, r.status(), r.toString());
  }

  @Test
  void aRefusedLoginExitsOneAndADownServerThree() throws Exception {
    cli.env("REGISTRY_STORE_USERNAME", "ci").env("REGISTRY_STORE_PASSWORD", "wrong-one");
    Cli.Result refused = cli.register(dir, url, "alpha_baseline", "v1.0.0", 0.05, 1.2);
    assertEquals(1, refused.status(), refused.toString());
    assertTrue(refused.err().contains("refused the login"), refused.toString());
    assertFalse(refused.err().contains("wrong-one"), refused.toString());
    server.close();
    Cli.Result down = cli.register(dir, url, "alpha_baseline", "v1.0.0", 0.05, 1.2);
    assertEquals(3, down.status(), down.toString());
    Cli.Result list = cli.run("list", "--url", url, "--json");
    assertEquals(0, list.status(), list.toString());
    assertFalse(list.out().contains("v1.0.0"), list.toString());
  }
}
