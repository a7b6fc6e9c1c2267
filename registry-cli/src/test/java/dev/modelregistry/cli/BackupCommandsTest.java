package dev.modelregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disaster-recovery path from a shell: back up, list, lose the registry, restore it, restore
 * one artifact.
 */
class BackupCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Path key;
  String url;
  String backups;
  Cli cli;

  @BeforeEach
  void signedRegistryInProduction() {
    key = dir.resolve("ops_key");
    url = dir.resolve("registry").toString();
    backups = dir.resolve("backups").toString();
    cli = new Cli(dir.resolve("home"));
    cli.initSigned(url, key);
    assertEquals(0, register("v1.0.0").status());
    assertEquals(0, register("v1.1.0").status());
    assertEquals(
        0,
        cli.run(
                "promote",
                "--url",
                url,
                "--model",
                "alpha_baseline",
                "--version",
                "v1.0.0",
                "--reason",
                "first",
                "--signing-key",
                key.toString())
            .status());
  }

  private Cli.Result register(String version) {
    return cli.register(dir, url, "alpha_baseline", version, 0.05, 1.2);
  }

  @Test
  void backUpLoseTheRegistryAndRestoreItFromTheShell() throws Exception {
    Cli.Result first = cli.run("backup", "--url", url, "--output", backups);
    assertEquals(0, first.status(), first.toString());
    assertTrue(
        first.out().contains("2 artifacts (2 copied, 0 shared with earlier backups)"), first.out());
    assertEquals(0, register("v1.2.0").status());
    Cli.Result second = cli.run("backup", "--url", url, "--output", backups, "--json");
    assertEquals(1, JSON.readTree(second.out()).get("copied").asInt(), second.out());
    assertEquals(2, JSON.readTree(second.out()).get("shared").asInt());

    Cli.Result list = cli.run("backups", "--output", backups);
    assertEquals(0, list.status(), list.toString());
    assertTrue(
        list.out().contains("VERIFIED")
            && list.out().lines().filter(l -> l.endsWith("yes")).count() == 2,
        list.out());
    JsonNode listed = JSON.readTree(cli.run("backups", "--output", backups, "--json").out());
    assertEquals(2, listed.get("backups").size());
    assertTrue(listed.get("backups").get(1).get("verified").asBoolean());

    deleteTree(Path.of(url));
    Cli.Result dry = cli.run("restore", "--url", url, "--output", backups);
    assertEquals(0, dry.status(), dry.toString());
    assertTrue(
        dry.out().contains("Dry run: would restore")
            && dry.out().contains("Run again with --force"),
        dry.out());
    assertFalse(Files.exists(Path.of(url)), "a dry run writes nothing");
    Cli.Result restored = cli.run("restore", "--url", url, "--output", backups, "--force");
    assertEquals(0, restored.status(), restored.toString());
    assertTrue(restored.out().startsWith("Restored " + url), restored.out());

    JsonNode status = JSON.readTree(cli.run("status", "--url", url, "--json").out());
    assertEquals(
        "v1.0.0",
        status.get("running").get("production").get(0).get("version").asText(),
        status.toString());
    assertEquals(3, status.get("versions").asInt());
    assertEquals(0, cli.run("verify", "--url", url).status());
  }

  @Test
  void aDamagedArtifactNamesTheRestoreAndTheRestoreOfOneVersionFixesIt() throws Exception {
    assertEquals(0, cli.run("backup", "--url", url, "--output", backups).status());
    Path stored;
    try (var r = dev.modelregistry.git.Registry.open(url)) {
      stored =
          ((dev.modelregistry.git.store.LocalArtifactStore) r.store())
              .pathOf(r.show().model("alpha_baseline").version("v1.0.0").call().pointer().sha256());
    }
    stored.toFile().setWritable(true);
    byte[] b = Files.readAllBytes(stored);
    b[10] ^= 1;
    Files.write(stored, b);
    Cli.Result damaged =
        cli.run("validate", "--url", url, "--model", "alpha_baseline", "--version", "v1.0.0");
    assertEquals(ExitStatus.REFUSED.code(), damaged.status(), damaged.toString());
    assertTrue(
        damaged
            .err()
            .contains(
                "registry restore --url <registry> --model <model> --version <this version> --output"),
        damaged.err());

    cli.env(
        "REGISTRY_MODEL",
        "alpha_baseline"); // an ops shell's default model does not make a registry restore an
    // artifact's
    Cli.Result whole = cli.run("restore", "--url", url, "--output", backups);
    assertTrue(whole.out().startsWith("Dry run: would restore " + url), whole.out());

    Cli.Result one =
        cli.run(
            "restore",
            "--url",
            url,
            "--output",
            backups,
            "--model",
            "alpha_baseline",
            "--version",
            "v1.0.0",
            "--force");
    assertEquals(0, one.status(), one.toString());
    assertTrue(one.out().contains("Restored the artifact of alpha_baseline v1.0.0"), one.out());
    assertEquals(
        0,
        cli.run("validate", "--url", url, "--model", "alpha_baseline", "--version", "v1.0.0")
            .status());
  }

  @Test
  void aDamagedBackupExitsOneAndAWrongChoiceNamesTheOption() throws Exception {
    Cli.Result noLocation = cli.run("backup", "--url", url);
    assertEquals(ExitStatus.USAGE.code(), noLocation.status(), noLocation.toString());
    assertTrue(noLocation.err().contains("(--output)"), noLocation.err());

    assertEquals(0, cli.run("backup", "--url", url, "--output", backups).status());
    Path backup;
    try (Stream<Path> s = Files.list(Path.of(backups))) {
      backup = s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
    }
    Path manifest = backup.resolve("backup-manifest.json");
    manifest.toFile().setWritable(true);
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"artifacts\" : 2", "\"artifacts\" : 3"));
    Cli.Result list = cli.run("backups", "--output", backups);
    assertEquals(ExitStatus.REFUSED.code(), list.status(), list.toString());
    assertTrue(
        list.out().contains("NO") && list.out().contains("backup-manifest.json"), list.out());
    Cli.Result refused = cli.run("restore", "--url", url, "--from", backup.toString(), "--force");
    assertEquals(ExitStatus.REFUSED.code(), refused.status(), refused.toString());
    assertTrue(refused.err().contains("does not verify"), refused.err());

    Cli.Result noDate =
        cli.run("restore", "--url", url, "--output", backups, "--from", "2001-01-01");
    assertEquals(ExitStatus.REFUSED.code(), noDate.status(), noDate.toString());
    assertTrue(noDate.err().contains("(--from)"), noDate.err());
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
