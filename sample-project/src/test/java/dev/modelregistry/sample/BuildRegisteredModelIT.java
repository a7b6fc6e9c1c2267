package dev.modelregistry.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.VersionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * End to end: real Maven built this project, trained the model and ran {@code registry:register};
 * this checks, from outside, what the build left in the registry under {@code target/registry}.
 */
class BuildRegisteredModelIT {
  private final Path registryDir = Path.of(System.getProperty("sample.registry"));
  private final Path modelDir = Path.of(System.getProperty("sample.model.dir"));

  /**
   * True when the build ran the README's demo (-Pdemo): promotions and a rollback, not only
   * registrations.
   */
  private final boolean demo = Boolean.getBoolean("sample.demo");

  @Test
  void theGitCommandLineVerifiesEveryProductionCommitWithTheRegistrysTrustedSigners()
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        demo, "an ordinary build registers only: nothing is promoted");
    Path allowed = Files.createTempFile("allowed_signers", "");
    try (Registry registry = Registry.open(registryDir.toString())) {
      Files.writeString(allowed, String.join("\n", registry.policy().signers()) + "\n");
    }
    String signatures =
        TestRegistry.run(
            registryDir,
            "git",
            "-c",
            "gpg.ssh.allowedSignersFile=" + allowed,
            "log",
            "--format=%G? %GS %s",
            "production");
    // the goals' two promotions and rollback, then the signal service's demo: a promotion, a
    // person's rollback, a promotion and the service's own automatic rollback
    assertEquals(7, signatures.lines().count(), signatures);
    assertEquals(
        6, signatures.lines().filter(l -> l.startsWith("G demo@example.com ")).count(), signatures);
    assertTrue(
        signatures.lines().findFirst().orElseThrow().startsWith("G signal-service@example.com "),
        "the newest: the service's automatic rollback, signed with its rollback-only key: "
            + signatures);
    for (String commit :
        TestRegistry.run(registryDir, "git", "rev-list", "production").split("\n")) {
      TestRegistry.run(
          registryDir,
          "git",
          "-c",
          "gpg.ssh.allowedSignersFile=" + allowed,
          "verify-commit",
          commit.strip());
    }
  }

  @Test
  void theTrainedModelIsRegisteredWithItsMetricsAndChecksum() throws Exception {
    try (Registry registry = Registry.open(registryDir.toString())) {
      if (demo) {
        assertEquals(
            dev.modelregistry.model.VersionStatus.PRODUCTION,
            registry.show().model("alpha_baseline").version("v1.0.0").call().status(),
            "the demo rolled back to v1.0.0");
        assertEquals(
            dev.modelregistry.model.VersionStatus.ARCHIVED,
            registry.show().model("alpha_baseline").version("v1.1.0").call().status());
        var history = registry.history().model("alpha_baseline").call().entries();
        assertEquals(
            java.util.List.of(
                "rollback", "promote", "rollback", "promote", "rollback", "promote", "promote"),
            history.stream().map(e -> e.action()).toList());
        assertTrue(
            history.get(0).reason().startsWith("automatic: "),
            "the signal service's rollback names its trigger: " + history.get(0).reason());
      } else {
        assertEquals(
            dev.modelregistry.model.VersionStatus.STAGED,
            registry.show().model("alpha_baseline").version("v1.1.0").call().status(),
            "a build registers, never promotes");
        assertTrue(
            registry.policy().signers().isEmpty(),
            "and creates the registry as register does: no root of trust yet");
      }
      VersionInfo v = registry.show().model("alpha_baseline").version("v1.0.0").call();
      byte[] trained = Files.readAllBytes(modelDir.resolve("ridge-model.json"));
      assertEquals(trained.length, v.pointer().size());
      assertTrue(
          v.metadata().metrics().get("ic") > 0.02,
          "the shipped data trains a model that passes the IC gate");
      assertTrue(v.metadata().datasetVersionIds().get("daily_returns").startsWith("sha256:"));
      assertEquals(
          v.pointer(),
          registry.validate().model("alpha_baseline").version("v1.0.0").call().pointer());
    }
    String log = TestRegistry.run(registryDir, "git", "log", "--format=%B", "main");
    assertTrue(
        log.contains(
            "Registry-Action: register\nRegistry-Model: alpha_baseline\nRegistry-Version: v1.0.0"),
        log);
    assertTrue(
        log.contains(
            "Registry-Action: register\nRegistry-Model: alpha_baseline\nRegistry-Version: v1.1.0"),
        log);
    Path check = Files.createTempDirectory("sha256sum-check");
    Files.writeString(
        check.resolve("checksum.sha256"),
        TestRegistry.run(
            registryDir, "git", "show", "main:models/alpha_baseline/v1.0.0/checksum.sha256"));
    Files.copy(modelDir.resolve("ridge-model.json"), check.resolve("ridge-model.json"));
    assertTrue(
        TestRegistry.run(check, "sha256sum", "-c", "checksum.sha256")
            .contains("ridge-model.json: OK"));
  }
}
