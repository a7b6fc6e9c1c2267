package dev.modelregistry.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.signing.SshKeys;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production goals through the plugin harness: signed writes, refusals as build failures. */
@MojoTest
class ProductionGoalsTest {
  @TempDir Path dir;
  Path key;
  String url;

  @BeforeEach
  void registry() {
    key = dir.resolve("keys/ops");
    try (Registry r = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      TestRegistry.register(r, dir, "risk_model", "v1.0.0", 0.05, 1.2);
      TestRegistry.register(r, dir, "risk_model", "v1.1.0", 0.06, 1.3);
      TestRegistry.register(r, dir, "risk_model", "v1.2.0", 0.01, 0.2);
      url = r.directory().toString();
    }
  }

  private void promote(PromoteMojo mojo, String version) throws Exception {
    mojo.url = url;
    mojo.model = "risk_model";
    mojo.version = version;
    mojo.signingKey = key.toFile();
    mojo.execute();
  }

  @Test
  @InjectMojo(goal = "promote")
  void promoteSignsAndGatesRefuseAsBuildFailures(PromoteMojo mojo) throws Exception {
    promote(mojo, "v1.0.0");
    assertEquals("ops@example.com", mojo.promotion.record().promotedBy());
    MojoFailureException gates =
        assertThrows(MojoFailureException.class, () -> promote(mojo, "v1.2.0"));
    assertTrue(gates.getMessage().contains("2 of 5 gates failed"), gates.getMessage());
    mojo.signingKey = null;
    mojo.version = "v1.1.0";
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("registry.signingKey"));
    mojo.signingKey = key.toFile();
    mojo.datasetVersions = "crsp";
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("name=version"));
  }

  @Test
  @InjectMojo(goal = "rollback")
  void rollbackNeedsAReasonAndDryRunWritesNothing(RollbackMojo mojo) throws Exception {
    try (Registry r = Registry.open(url)) {
      r.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
      r.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
    }
    mojo.url = url;
    mojo.model = "risk_model";
    mojo.signingKey = key.toFile();
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("registry.reason"));
    mojo.reason = "v1.1.0 losing money";
    mojo.dryRun = true;
    mojo.execute();
    assertTrue(mojo.rollback.dryRun());
    mojo.dryRun = false;
    mojo.execute();
    assertEquals("v1.0.0", mojo.rollback.to().version());
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("No previous version found"));
  }

  /** A log that keeps the warnings a goal writes. */
  private static final class Warnings extends org.apache.maven.plugin.logging.SystemStreamLog {
    final java.util.List<String> lines = new java.util.ArrayList<>();

    @Override
    public void warn(CharSequence content) {
      lines.add(content.toString());
      super.warn(content);
    }
  }

  /** Leaves a lock file as a writer killed inside a ref update does, dated {@code ago} back. */
  private Path leaveLock(String ref, java.time.Duration ago) throws Exception {
    Path lock = Path.of(url).resolve(ref + ".lock");
    java.nio.file.Files.writeString(lock, "0000000000000000000000000000000000000000\n");
    java.nio.file.Files.setLastModifiedTime(
        lock, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(ago)));
    return lock;
  }

  @Test
  @InjectMojo(goal = "rollback")
  void aLockLeftByAKilledWriterDoesNotBlockARollbackAndTheGoalSaysItRemovedIt(RollbackMojo mojo)
      throws Exception {
    try (Registry r = Registry.open(url)) {
      r.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
      r.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
    }
    Path lock = leaveLock("refs/heads/production", java.time.Duration.ofMinutes(20));
    Warnings log = new Warnings();
    mojo.setLog(log);
    mojo.url = url;
    mojo.model = "risk_model";
    mojo.signingKey = key.toFile();
    mojo.reason = "v1.1.0 losing money";
    mojo.execute();
    assertEquals("v1.0.0", mojo.rollback.to().version());
    assertTrue(
        log.lines.stream()
            .anyMatch(
                l ->
                    l.startsWith(
                        "Repaired: removed stale lock refs/heads/production.lock (left since ")),
        log.lines.toString());
    assertTrue(!java.nio.file.Files.exists(lock));
  }

  @Test
  @InjectMojo(goal = "status")
  void statusNamesALeftLockFileAndWhatToDo(StatusMojo mojo) throws Exception {
    Path lock = leaveLock("refs/heads/production", java.time.Duration.ofHours(2));
    Warnings log = new Warnings();
    mojo.setLog(log);
    mojo.url = url;
    mojo.execute();
    assertTrue(
        log.lines.stream()
            .anyMatch(
                l ->
                    l.startsWith("Lock file " + lock)
                        && l.contains("2 h")
                        && l.contains("blocks every change of branch production")
                        && l.contains("rm '" + lock + "'")),
        log.lines.toString());
  }

  @Test
  @InjectMojo(goal = "rollback")
  void anEmergencyRollbackNamingTheVersionIsSafeToRunTwice(RollbackMojo mojo) throws Exception {
    try (Registry r = Registry.open(url)) {
      r.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
      r.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
    }
    mojo.url = url;
    mojo.model = "risk_model";
    mojo.version = "v1.1.0";
    mojo.signingKey = key.toFile();
    mojo.reason = "v1.1.0 losing money";
    mojo.execute();
    assertEquals("v1.0.0", mojo.rollback.to().version());
    String first = mojo.rollback.commit();
    mojo.execute(); // run again: v1.1.0 is already out
    assertTrue(mojo.rollback.alreadyOut());
    assertEquals(first, mojo.rollback.takenOutBy());
    try (Registry r = Registry.open(url)) {
      assertEquals(
          "v1.0.0",
          r.current().model("risk_model").call().orElseThrow().version(),
          "one version back, not two");
    }
  }

  @Test
  @InjectMojo(goal = "init")
  void initWithAKeyAdoptsARegistryThatRegisterCreated(InitMojo mojo) throws Exception {
    Path unsigned = dir.resolve("embedded");
    try (Registry r = Registry.openOrInit(unsigned.toString())) {
      TestRegistry.register(r, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    }
    mojo.url = unsigned.toString();
    mojo.signingKey = key.toFile();
    mojo.principal = "ops@example.com";
    mojo.execute();
    try (Registry r = Registry.open(mojo.url)) {
      assertEquals(1, r.policy().signers().size());
      assertTrue(
          r.verify().pinnedRoot(SshKeys.fingerprint(SshKeys.publicKeyOf(key))).call().clean());
    }
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("already has a root of trust"));
  }

  @Test
  @InjectMojo(goal = "history")
  void historyAnswersAtAnInstantAndRefusesAnUnparsableOne(HistoryMojo mojo) throws Exception {
    try (Registry r = Registry.open(url)) {
      r.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
    }
    mojo.url = url;
    mojo.model = "risk_model";
    mojo.at = "2999-01-01T00:00:00Z";
    mojo.execute();
    assertEquals("v1.0.0", mojo.history.inForce().orElseThrow().record().version());
    mojo.at = "2000-01-01";
    mojo.execute();
    assertTrue(mojo.history.inForce().isEmpty());
    mojo.at = "last tuesday";
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("does not parse"));
  }

  @Test
  @InjectMojo(goal = "fail")
  void failNeedsAReasonAndMarks(FailMojo mojo) throws Exception {
    mojo.url = url;
    mojo.model = "risk_model";
    mojo.version = "v1.2.0";
    mojo.signingKey = key.toFile();
    assertThrows(MojoFailureException.class, mojo::execute);
    mojo.reason = "look-ahead bias";
    mojo.execute();
    assertEquals("look-ahead bias", mojo.outcome.mark().reason());
  }

  @Test
  @InjectMojo(goal = "trust")
  void trustAddsASignerFromAPublicKeyFile(TrustMojo mojo) throws Exception {
    Path alice = dir.resolve("keys/alice");
    SshKeys.generateEd25519(alice, "alice@example.com");
    mojo.url = url;
    mojo.principal = "alice@example.com";
    mojo.publicKey = alice + ".pub";
    mojo.signingKey = alice.toFile();
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("not a trusted signer"));
    mojo.signingKey = key.toFile();
    mojo.execute();
    assertEquals(2, mojo.signers.lines().size());
  }

  @Test
  @InjectMojo(goal = "trust")
  void trustGivesAServiceKeyTheRollbackRole(TrustMojo mojo) throws Exception {
    Path service = dir.resolve("keys/service");
    SshKeys.generateEd25519(service, "signal-service@example.com");
    mojo.url = url;
    mojo.principal = "signal-service@example.com";
    mojo.publicKey = service + ".pub";
    mojo.signingKey = key.toFile();
    mojo.role = "admin";
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("registry.role"));
    mojo.role = "rollback";
    mojo.execute();
    assertEquals(
        java.util.Set.of(dev.modelregistry.model.SignerRole.ROLLBACK),
        mojo.signers.rolesOf("signal-service@example.com"));
    try (Registry r = Registry.open(url)) {
      assertTrue(
          assertThrows(
                  dev.modelregistry.model.RegistryRefusedException.class,
                  () ->
                      r.promote().model("risk_model").version("v1.0.0").signingKey(service).call())
              .getMessage()
              .contains("release manager's key"));
    }
  }

  @Test
  @InjectMojo(goal = "policy")
  void policyChangesRegistryYamlBySignedCommitNamingAMissingFileInMavensSyntax(PolicyMojo mojo)
      throws Exception {
    mojo.url = url;
    mojo.signingKey = key.toFile();
    mojo.reason = "ic floor raised";
    assertTrue(
        assertThrows(MojoFailureException.class, mojo::execute)
            .getMessage()
            .contains("registry.policy"));
    String now;
    try (Registry r = Registry.open(url)) {
      now = dev.modelregistry.model.SafeMapper.writeYaml(r.policy());
    }
    Path f = dir.resolve("registry.yaml");
    java.nio.file.Files.writeString(f, now.replace("> 0.02", "> 0.03"));
    mojo.policy = f.toFile();
    mojo.execute();
    assertEquals(0, mojo.changed.pendingApprovals());
    try (Registry r = Registry.open(url)) {
      assertTrue(dev.modelregistry.model.SafeMapper.writeYaml(r.policy()).contains("> 0.03"));
    }
  }

  @Test
  @InjectMojo(goal = "init")
  void initMakesTheKeyTheFirstTrustedSigner(InitMojo mojo) throws Exception {
    Path k = dir.resolve("keys/first");
    String pub = SshKeys.generateEd25519(k, "first@example.com");
    mojo.url = dir.resolve("new-registry").toString();
    mojo.signingKey = k.toFile();
    mojo.principal = "first@example.com";
    mojo.execute();
    try (Registry r = Registry.open(mojo.url)) {
      assertEquals(java.util.List.of("first@example.com " + pub), r.policy().signers());
    }
    assertThrows(MojoFailureException.class, mojo::execute);
  }

  @Test
  @InjectMojo(goal = "status")
  void statusShowsProduction(StatusMojo mojo) throws Exception {
    try (Registry r = Registry.open(url)) {
      r.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
    }
    mojo.url = url;
    mojo.execute();
    assertEquals("v1.1.0", mojo.status.running().get("production").get(0).version());
    assertEquals(3, mojo.status.versions());
  }
}
