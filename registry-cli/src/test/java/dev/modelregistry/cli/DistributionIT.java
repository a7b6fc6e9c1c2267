package dev.modelregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.git.GitSshServer;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.StorePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution as a person gets it: unpacked, run through {@code bin/registry} (also
 * through a symlink, as from {@code /usr/local/bin}) and as the single jar, in separate processes
 * with a home of their own. Standard output must carry nothing but the answer.
 */
class DistributionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Path launcher;
  Path home;

  record Run(int status, String out, String err) {}

  @BeforeEach
  void unpack() throws Exception {
    Path tar = Path.of(System.getProperty("registry.dist"));
    TestRegistry.run(dir, "tar", "xzf", tar.toString());
    launcher =
        dir.resolve("registry-" + System.getProperty("registry.cliVersion") + "/bin/registry");
    home = Files.createDirectories(dir.resolve("home"));
  }

  private Run run(List<String> command) throws IOException, InterruptedException {
    return run(command, "");
  }

  private Run run(List<String> command, String javaOptions)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
    pb.environment().put("HOME", home.toString());
    // Java takes its home from the password database, not from HOME: ~/.ssh is the test's too
    pb.environment().put("REGISTRY_JAVA_OPTS", ("-Duser.home=" + home + " " + javaOptions).strip());
    pb.environment().remove("XDG_CACHE_HOME");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command did not end: " + command);
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Run registry(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  @Test
  void theUnpackedCommandRegistersAndAnswersInJsonAndRecordsItsClassArchive() throws Exception {
    Run version = registry("--version");
    assertEquals(0, version.status(), version.err());
    assertEquals("registry " + System.getProperty("registry.cliVersion"), version.out().strip());
    Path cds = home.resolve(".cache/model-registry/cds");
    try (Stream<Path> archives = Files.list(cds)) {
      assertEquals(
          1,
          archives.filter(p -> p.toString().endsWith(".jsa")).count(),
          "the first run records the archive");
    }

    Path artifact = TestRegistry.artifact(dir, "model.bin", 100_000, 3);
    Path metadata =
        TestRegistry.text(dir, "metadata.yaml", "metrics:\n  ic: 0.05\n  sharpe: 1.1\n");
    String url = dir.resolve("registry").toString();
    Run register =
        registry(
            "register",
            "--url",
            url,
            "--model",
            "alpha_baseline",
            "--version",
            "v1.0.0",
            "--artifact",
            artifact.toString(),
            "--metadata",
            metadata.toString(),
            "--json");
    assertEquals(0, register.status(), register.err());
    assertEquals("", register.err(), "no library or JVM noise");
    JsonNode registered = JSON.readTree(register.out());
    assertEquals("v1.0.0", registered.get("version").asText(), register.out());

    Path link = Files.createSymbolicLink(dir.resolve("registry-link"), launcher);
    Run list = run(List.of(link.toString(), "list", "--url", url, "--json"));
    assertEquals(0, list.status(), list.err());
    assertEquals(
        "alpha_baseline", JSON.readTree(list.out()).get("versions").get(0).get("model").asText());

    Run refused = registry("rollback", "--url", url, "--model", "alpha_baseline");
    assertEquals(ExitStatus.USAGE.code(), refused.status(), refused.err());
    assertEquals("", refused.out());
  }

  /**
   * Two unpacked copies of the same version for one user (an upgrade beside the old one, a copy in
   * ~/tools): CDS refuses an archive recorded with the jars at another path, so each copy needs its
   * own, or the second runs without one, silently slower. -Xshare:on makes a refused archive an
   * error instead of a silent fallback.
   */
  @Test
  void aSecondCopyOfTheSameVersionRecordsAnArchiveOfItsOwn() throws Exception {
    assertEquals(0, registry("--version").status());
    Path second = Files.createDirectories(dir.resolve("second"));
    TestRegistry.run(second, "tar", "xzf", System.getProperty("registry.dist"));
    Path other =
        second.resolve("registry-" + System.getProperty("registry.cliVersion") + "/bin/registry");
    Run first = run(List.of(other.toString(), "--version"));
    assertEquals(0, first.status(), first.err());
    Run mapped = run(List.of(other.toString(), "--version"), "-Xshare:on");
    assertEquals(0, mapped.status(), "the second copy's archive maps: " + mapped.err());
    Run firstCopy = registry("--version");
    assertEquals(0, firstCopy.status());
    try (Stream<Path> archives = Files.list(home.resolve(".cache/model-registry/cds"))) {
      assertEquals(2, archives.filter(p -> p.toString().endsWith(".jsa")).count());
    }
  }

  @Test
  void theSingleJarRunsEverywhereJavaDoes() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Run help =
        run(
            List.of(
                java,
                "-jar",
                System.getProperty("registry.allJar"),
                "status",
                "--url",
                dir.resolve("none").toString(),
                "--json"));
    assertEquals(ExitStatus.REFUSED.code(), help.status(), help.err());
    assertEquals(
        "refused", JSON.readTree(help.out()).get("error").get("kind").asText(), help.out());
  }

  /**
   * The command leaves BouncyCastle out and takes SSH from the JDK: logging in to an SSH remote
   * with an ed25519 key made by ssh-keygen, and signing a promotion and a rollback that git itself
   * then checks.
   */
  @Test
  void theCommandSignsAndLogsInOverSshWithKeysMadeBySshKeygen() throws Exception {
    Path ssh = Files.createDirectories(home.resolve(".ssh"));
    TestRegistry.run(
        dir,
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-f",
        ssh.resolve("id_ed25519").toString(),
        "-C",
        "ci");
    Files.writeString(
        home.resolve(".gitconfig"), "[user]\n\tname = Ops\n\temail = ops@example.com\n");
    Path ops = dir.resolve("ops-key");
    TestRegistry.run(
        dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", ops.toString(), "-C", "ops");
    String opsPub = Files.readString(dir.resolve("ops-key.pub")).strip();
    Path served = dir.resolve("server/reg.git");
    Policy d = Policy.defaults(List.of(TrustedSigners.line("ops@example.com", opsPub)));
    Policy shared =
        new Policy(
            d.formatVersion(),
            d.versions(),
            d.environments(),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            d.retention(),
            new StorePolicy("local", dir.resolve("shared-store").toString()));
    Registry.init(served.toString(), shared, TestRegistry.TESTER, CommitSigner.sshKey(ops)).close();
    String userPub = Files.readString(ssh.resolve("id_ed25519.pub")).strip();
    try (GitSshServer server =
        GitSshServer.start(dir.resolve("server"), dir.resolve("host-key"), userPub)) {
      Files.writeString(ssh.resolve("known_hosts"), server.knownHostsLine() + "\n");
      String url = server.url("reg.git");
      Path metadata =
          TestRegistry.text(dir, "metadata.yaml", "metrics:\n  ic: 0.05\n  sharpe: 1.1\n");
      for (String version : List.of("v1.0.0", "v1.1.0")) {
        Path artifact = TestRegistry.artifact(dir, version + ".bin", 10_000, version.hashCode());
        Run register =
            registry(
                "register",
                "--url",
                url,
                "--model",
                "alpha",
                "--version",
                version,
                "--artifact",
                artifact.toString(),
                "--metadata",
                metadata.toString());
        assertEquals(0, register.status(), register.err());
        Run promote =
            registry(
                "promote",
                "--url",
                url,
                "--model",
                "alpha",
                "--version",
                version,
                "--reason",
                "test",
                "--signing-key",
                ops.toString());
        assertEquals(0, promote.status(), promote.err());
        assertEquals("", promote.err(), "no library or JVM noise");
      }
      Run rollback =
          registry(
              "rollback",
              "--url",
              url,
              "--model",
              "alpha",
              "--reason",
              "test",
              "--signing-key",
              ops.toString(),
              "--json");
      assertEquals(0, rollback.status(), rollback.err());
      assertEquals(
          "v1.0.0", JSON.readTree(rollback.out()).at("/to/version").asText(), rollback.out());
    }
    Path allowed = Files.writeString(dir.resolve("allowed"), "ops@example.com " + opsPub + "\n");
    String signatures =
        TestRegistry.run(
            served,
            "git",
            "-c",
            "gpg.ssh.allowedSignersFile=" + allowed,
            "log",
            "--format=%G? %GS",
            "production");
    assertEquals(
        List.of("G ops@example.com", "G ops@example.com", "G ops@example.com"),
        signatures.lines().limit(3).toList(),
        signatures);
  }
}
