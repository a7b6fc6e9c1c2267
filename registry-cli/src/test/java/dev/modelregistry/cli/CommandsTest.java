package dev.modelregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.signing.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code registry} command on real registries with real signatures: the ops path of the seeds'
 * runbooks (register, promote, emergency rollback twice, "what ran at 09:30?") from a shell, what a
 * script reads (JSON, exit statuses), and hostile values kept off the terminal.
 */
class CommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Path key;
  String url;
  Cli cli;

  @BeforeEach
  void signedRegistry() {
    key = dir.resolve("ops_key");
    url = dir.resolve("registry").toString();
    cli = new Cli(dir.resolve("home"));
    cli.initSigned(url, key);
  }

  private Cli.Result register(String version, double ic, double sharpe) {
    return cli.register(dir, url, "alpha_baseline", version, ic, sharpe);
  }

  private Cli.Result promote(String version) {
    return cli.run(
        "promote",
        "--url",
        url,
        "--model",
        "alpha_baseline",
        "--version",
        version,
        "--reason",
        "better",
        "--signing-key",
        key.toString());
  }

  @Test
  void policyReplacesRegistryYamlByASignedCommitAndNeedsAReason() throws Exception {
    Path f = dir.resolve("registry.yaml");
    String now;
    try (dev.modelregistry.git.Registry r = dev.modelregistry.git.Registry.open(url)) {
      now = dev.modelregistry.model.SafeMapper.writeYaml(r.policy());
    }
    java.nio.file.Files.writeString(f, now.replace("> 0.02", "> 0.03"));
    Cli.Result noReason =
        cli.run("policy", "--url", url, "--file", f.toString(), "--signing-key", key.toString());
    assertEquals(ExitStatus.USAGE.code(), noReason.status(), noReason.toString());
    assertTrue(noReason.err().contains("--reason"), noReason.err());
    Cli.Result changed =
        cli.run(
            "policy",
            "--url",
            url,
            "--file",
            f.toString(),
            "--reason",
            "ic floor raised",
            "--signing-key",
            key.toString());
    assertEquals(0, changed.status(), changed.toString());
    assertTrue(changed.out().contains("In force now."), changed.out());
    try (dev.modelregistry.git.Registry r = dev.modelregistry.git.Registry.open(url)) {
      assertTrue(dev.modelregistry.model.SafeMapper.writeYaml(r.policy()).contains("> 0.03"));
    }
  }

  @Test
  void theOnCallPathRegisterPromoteRollBackTwiceAndAskWhatRan() throws Exception {
    assertEquals(0, register("v1.0.0", 0.05, 1.2).status());
    assertEquals(0, register("v1.1.0", 0.06, 1.4).status());
    assertEquals(0, promote("v1.0.0").status());
    Cli.Result second = promote("v1.1.0");
    assertEquals(0, second.status(), second.toString());
    assertTrue(second.out().contains("Promoted alpha_baseline v1.1.0 to production"), second.out());

    String[] rollback = {
      "rollback",
      "--url",
      url,
      "--model",
      "alpha_baseline",
      "--version",
      "v1.1.0",
      "--reason",
      "drawdown 30%",
      "--signing-key",
      key.toString()
    };
    Cli.Result first = cli.run(rollback);
    assertEquals(0, first.status(), first.toString());
    assertTrue(first.out().contains("v1.1.0 -> v1.0.0"), first.out());
    Cli.Result again =
        cli.run(rollback); // the runbook step run twice must not go back two versions
    assertEquals(0, again.status(), again.toString());
    assertTrue(again.out().contains("Nothing to do"), again.out());

    JsonNode history =
        JSON.readTree(
            cli.run("history", "--url", url, "--model", "alpha_baseline", "--json").out());
    JsonNode entries = history.get("entries");
    assertEquals(3, entries.size(), history.toString());
    assertEquals("rollback", entries.get(0).get("action").asText());
    assertEquals("drawdown 30%", entries.get(0).get("reason").asText());
    assertEquals("ops@example.com", entries.get(0).get("signer").asText());

    Cli.Result now =
        cli.run(
            "history",
            "--url",
            url,
            "--model",
            "alpha_baseline",
            "--at",
            java.time.Instant.now().toString());
    assertTrue(now.out().contains("ran alpha_baseline v1.0.0: rolled back to it"), now.out());

    JsonNode status = JSON.readTree(cli.run("status", "--url", url, "--json").out());
    assertEquals(
        "v1.0.0",
        status.get("running").get("production").get(0).get("version").asText(),
        status.toString());
    assertEquals(0, cli.run("verify", "--url", url).status());
  }

  @Test
  void exitStatusesTellARefusalFromAUsageErrorFromAnOutage() throws Exception {
    assertEquals(0, register("v1.0.0", 0.05, 1.2).status());
    Cli.Result gate =
        cli.run(
            "promote",
            "--url",
            url,
            "--model",
            "alpha_baseline",
            "--version",
            "v1.0.0",
            "--signing-key",
            key.toString(),
            "--json");
    assertEquals(0, gate.status(), gate.toString());
    assertEquals(0, register("v1.1.0", 0.001, 1.2).status());
    Cli.Result refused = promote("v1.1.0"); // ic 0.001 fails the default gate ic > 0.02
    assertEquals(ExitStatus.REFUSED.code(), refused.status(), refused.toString());
    assertTrue(
        refused.err().startsWith("registry: refused (nothing was written): "), refused.err());

    Cli.Result noReason =
        cli.run(
            "rollback",
            "--url",
            url,
            "--model",
            "alpha_baseline",
            "--signing-key",
            key.toString(),
            "--json");
    assertEquals(ExitStatus.USAGE.code(), noReason.status(), noReason.toString());
    assertTrue(noReason.err().contains("(--reason)"), noReason.err());
    JsonNode error = JSON.readTree(noReason.out()).get("error");
    assertEquals("usage", error.get("kind").asText());
    assertEquals(2, error.get("exit_status").asInt());

    Cli.Result unknownOption = cli.run("list", "--url", url, "--modle", "x");
    assertEquals(ExitStatus.USAGE.code(), unknownOption.status(), unknownOption.toString());
    assertTrue(
        unknownOption.err().contains("--modle")
            && unknownOption.err().contains("registry list --help"),
        unknownOption.err());

    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      int port = closed.getLocalPort();
      closed.close(); // nothing listens there now
      Cli.Result down =
          cli.run(
              "status",
              "--url",
              "http://127.0.0.1:" + port + "/registry.git",
              "--cache",
              dir.resolve("cache").toString());
      assertEquals(ExitStatus.UNAVAILABLE.code(), down.status(), down.toString());
      assertTrue(down.err().startsWith("registry: unavailable"), down.err());
    }

    Cli.Result none = cli.run("status", "--url", dir.resolve("nothing-here").toString());
    assertEquals(ExitStatus.REFUSED.code(), none.status(), none.toString());
    assertTrue(none.err().contains("To create one: registry init --url "), none.err());
  }

  @Test
  void verifyExitsOneWithTheFindingWhenAVersionIsEditedBehindTheRegistrysBack() throws Exception {
    assertEquals(0, register("v1.0.0", 0.05, 1.2).status());
    try (Registry r = Registry.open(url)) {
      Path work = dir.resolve("work");
      TestRegistry.run(dir, "git", "clone", "-q", r.directory().toString(), work.toString());
      Path meta = work.resolve("models/alpha_baseline/v1.0.0/metadata.yaml");
      Files.writeString(meta, Files.readString(meta).replace("0.05", "0.5"));
      TestRegistry.run(
          work,
          "git",
          "-c",
          "user.email=x@example.com",
          "-c",
          "user.name=x",
          "commit",
          "-qam",
          "better ic");
      TestRegistry.run(work, "git", "push", "-q", "origin", "main");
    }
    Cli.Result verify = cli.run("verify", "--url", url, "--json");
    assertEquals(ExitStatus.REFUSED.code(), verify.status(), verify.toString());
    JsonNode findings = JSON.readTree(verify.out()).get("findings");
    assertTrue(findings.size() >= 1 && findings.toString().contains("v1.0.0"), findings.toString());
  }

  /** {@code --version} alone builds no subcommand, and answers what the whole tree answers. */
  @Test
  void versionAnswersTheSameWithOrWithoutTheCommandTree() {
    Cli.Result alone = cli.run("--version");
    assertEquals(0, alone.status(), alone.toString());
    assertTrue(alone.out().matches("registry \\S.*\n"), alone.out());
    assertEquals(alone.out(), cli.run("-V").out());
    Cli.Result withTree = cli.run("--version", "status"); // two arguments: the whole tree is built
    assertEquals(0, withTree.status(), withTree.toString());
    assertEquals(alone.out(), withTree.out());
    Cli.Result typo = cli.run("--versio");
    assertEquals(2, typo.status(), typo.toString());
  }

  @Test
  void optionsDefaultFromTheEnvironmentButAReasonNever() {
    cli.env("REGISTRY_URL", url)
        .env("REGISTRY_MODEL", "alpha_baseline")
        .env("REGISTRY_SIGNING_KEY", key.toString());
    assertEquals(0, register("v1.0.0", 0.05, 1.2).status());
    Cli.Result promoted = cli.run("promote", "--version", "v1.0.0");
    assertEquals(0, promoted.status(), promoted.toString());
    Cli.Result list = cli.run("list");
    assertTrue(list.out().contains("alpha_baseline  v1.0.0   production"), list.out());
    cli.env("REGISTRY_REASON", "from the environment");
    Cli.Result rollback = cli.run("rollback");
    assertEquals(
        ExitStatus.USAGE.code(),
        rollback.status(),
        "a reason is never taken from the environment: " + rollback);
  }

  @Test
  void valuesReadFromTheRegistryCannotDrawOnTheTerminal() throws Exception {
    assertEquals(0, register("v1.0.0", 0.05, 1.2).status());
    assertEquals(0, register("v1.1.0", 0.06, 1.3).status());
    assertEquals(0, promote("v1.0.0").status());
    assertEquals(0, promote("v1.1.0").status());
    String hostile = "ok\u001b[2J\u001b[31mFAKE: production runs v9\u202e";
    assertEquals(
        0,
        cli.run(
                "rollback",
                "--url",
                url,
                "--model",
                "alpha_baseline",
                "--reason",
                hostile,
                "--signing-key",
                key.toString())
            .status());
    for (Cli.Result r :
        List.of(
            cli.run("history", "--url", url, "--model", "alpha_baseline"),
            cli.run(
                "rollback",
                "--url",
                url,
                "--model",
                "alpha_baseline",
                "--version",
                "v1.1.0",
                "--reason",
                hostile))) {
      assertFalse(
          r.out().contains("\u001b") || r.out().contains("\u202e"),
          "escaped, not drawn: " + r.out());
      assertTrue(r.out().contains("\\u001b[2J") || r.out().contains("Nothing to do"), r.out());
    }
  }

  @Test
  void signersWritesTheFileWithWhichGitAloneChecksEveryProductionCommit() throws Exception {
    assertEquals(0, register("v1.0.0", 0.05, 1.2).status());
    assertEquals(0, register("v1.1.0", 0.06, 1.3).status());
    assertEquals(0, promote("v1.0.0").status());
    assertEquals(0, promote("v1.1.0").status());
    assertEquals(
        0,
        cli.run(
                "rollback",
                "--url",
                url,
                "--model",
                "alpha_baseline",
                "--reason",
                "bad fills",
                "--signing-key",
                key.toString())
            .status());
    Path allowed = dir.resolve("allowed_signers");
    Cli.Result signers = cli.run("signers", "--url", url, "-o", allowed.toString());
    assertEquals(0, signers.status(), signers.toString());
    String gitDir;
    try (Registry r = Registry.open(url)) {
      gitDir = r.directory().toString();
    }
    String log =
        TestRegistry.run(
            dir,
            "git",
            "--git-dir",
            gitDir,
            "-c",
            "gpg.ssh.allowedSignersFile=" + allowed,
            "log",
            "--format=%G? %GS",
            "production");
    assertEquals(
        List.of("G ops@example.com", "G ops@example.com", "G ops@example.com"),
        log.strip().lines().toList(),
        log);

    Files.writeString(dir.resolve("a-file"), "not a directory");
    Cli.Result cannot =
        cli.run("signers", "--url", url, "-o", dir.resolve("a-file/allowed_signers").toString());
    assertEquals(ExitStatus.UNAVAILABLE.code(), cannot.status(), cannot.toString());
    assertTrue(cannot.err().contains("Cannot write"), cannot.err());
  }

  @Test
  void aServiceKeyWithTheRollbackRoleRollsBackButCannotPromote() throws Exception {
    assertEquals(0, register("v1.0.0", 0.05, 1.2).status());
    assertEquals(0, register("v1.1.0", 0.06, 1.3).status());
    assertEquals(0, promote("v1.0.0").status());
    assertEquals(0, promote("v1.1.0").status());
    Path service = dir.resolve("service_key");
    SshKeys.generateEd25519(service, "signal-service@example.com");
    String[] trust = {
      "trust",
      "--url",
      url,
      "--principal",
      "signal-service@example.com",
      "--public-key",
      service + ".pub",
      "--role",
      "rollback",
      "--signing-key",
      key.toString()
    };
    Cli.Result trusted = cli.run(trust);
    assertEquals(0, trusted.status(), trusted.toString());
    assertTrue(
        trusted.out().contains("# signal-service@example.com: role rollback only"), trusted.out());
    Cli.Result signers = cli.run("signers", "--url", url, "--json");
    JsonNode roles = JSON.readTree(signers.out()).get("roles");
    assertEquals(
        "rollback", roles.get("signal-service@example.com").get(0).asText(), signers.out());

    Cli.Result promotion =
        cli.run(
            "promote",
            "--url",
            url,
            "--model",
            "alpha_baseline",
            "--version",
            "v1.1.0",
            "--reason",
            "again",
            "--signing-key",
            service.toString());
    assertEquals(ExitStatus.REFUSED.code(), promotion.status(), promotion.toString());
    assertTrue(promotion.err().contains("release manager's key"), promotion.err());
    Cli.Result rollback =
        cli.run(
            "rollback",
            "--url",
            url,
            "--model",
            "alpha_baseline",
            "--reason",
            "automatic: drawdown 0.31 > 0.25",
            "--signing-key",
            service.toString());
    assertEquals(0, rollback.status(), rollback.toString());

    // the listing stays a file git reads: the role is a comment, the service's rollback checks
    Path allowed = dir.resolve("allowed_signers");
    assertEquals(0, cli.run("signers", "--url", url, "-o", allowed.toString()).status());
    String gitDir;
    try (Registry r = Registry.open(url)) {
      gitDir = r.directory().toString();
    }
    String log =
        TestRegistry.run(
            dir,
            "git",
            "--git-dir",
            gitDir,
            "-c",
            "gpg.ssh.allowedSignersFile=" + allowed,
            "log",
            "-1",
            "--format=%G? %GS",
            "production");
    assertEquals("G signal-service@example.com", log.strip(), log);

    Cli.Result unknown =
        cli.run(
            "trust",
            "--url",
            url,
            "--principal",
            "signal-service@example.com",
            "--role",
            "root",
            "--signing-key",
            key.toString());
    assertFalse(unknown.status() == 0, unknown.toString());
    assertTrue(unknown.err().contains("(--role)"), unknown.err());
  }

  @Test
  void helpListsTheExitStatusesAndCompletionKnowsEveryCommand() {
    Cli.Result help = cli.run("--help");
    assertEquals(0, help.status());
    assertEquals(help.out(), cli.run("-h").out(), "-h is --help");
    assertTrue(
        help.out().contains("-V, --version   Print version information and exit."), help.out());
    for (String version : List.of("--version", "-V")) {
      Cli.Result v = cli.run(version);
      assertEquals(0, v.status(), v.toString());
      assertTrue(v.out().startsWith("registry "), v.out());
    }
    for (ExitStatus s : ExitStatus.values()) {
      assertTrue(
          help.out()
              .contains(
                  "  " + s.code() + "   " + s.help().substring(0, Math.min(10, s.help().length()))),
          help.out());
    }
    String script = cli.run("completion").out();
    for (String command :
        List.of(
            "register", "promote", "rollback", "history", "verify", "status", "pull", "signers")) {
      assertTrue(script.contains(command), command);
    }
    Cli.Result none = cli.run();
    assertEquals(ExitStatus.USAGE.code(), none.status(), none.toString());
  }
}
