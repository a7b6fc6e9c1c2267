package dev.modelregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.Registry;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.StorePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code registry register} into a Maven repository ({@code file:}, through the CLI's standalone
 * resolver), and {@code --artifact-uri}: a version registered by reference to what is there.
 */
class MavenStoreCommandsTest {
  @TempDir Path dir;

  @Test
  void registersIntoAMavenRepositoryAndByReference() throws Exception {
    Path key = dir.resolve("ops_key");
    String url = dir.resolve("registry").toString();
    Cli cli = new Cli(dir.resolve("home"));
    cli.initSigned(url, key);
    Path repo = Files.createDirectories(dir.resolve("maven-repo"));
    Path yaml = dir.resolve("registry.yaml");
    try (Registry r = Registry.open(url)) {
      Files.writeString(
          yaml,
          SafeMapper.writeYaml(
              r.policy()
                  .withStore(StorePolicy.maven(repo.toUri().toString(), null, "com.example"))));
    }
    Cli.Result policy =
        cli.run(
            "policy",
            "--url",
            url,
            "--file",
            yaml.toString(),
            "--reason",
            "models go to the Maven repository",
            "--signing-key",
            key.toString());
    assertEquals(0, policy.status(), policy.toString());

    Cli.Result deployed = cli.register(dir, url, "alpha", "v1.0.0", 0.03, 0.6);
    assertEquals(0, deployed.status(), deployed.toString());
    assertTrue(
        deployed.out().contains("stored at mvn:com.example:alpha:v1.0.0:bin"), deployed.out());
    assertTrue(Files.exists(repo.resolve("com/example/alpha/v1.0.0/alpha-v1.0.0.bin.sha256")));

    Cli.Result byReference =
        cli.run(
            "register",
            "--url",
            url,
            "--model",
            "alpha_copy",
            "--version",
            "v1.0.0",
            "--artifact-uri",
            "mvn:com.example:alpha:v1.0.0:bin");
    assertEquals(0, byReference.status(), byReference.toString());
    assertTrue(byReference.out().contains("alpha-v1.0.0.bin, 4.0 KiB"), byReference.out());

    Cli.Result snapshot =
        cli.run(
            "register",
            "--url",
            url,
            "--model",
            "alpha_snap",
            "--version",
            "v1.0.0",
            "--artifact-uri",
            "mvn:com.example:alpha:1.0.0-SNAPSHOT:bin");
    assertEquals(ExitStatus.REFUSED.code(), snapshot.status(), snapshot.toString());
    assertTrue(snapshot.err().contains("SNAPSHOT"), snapshot.err());
  }
}
