package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static dev.modelregistry.git.TestRegistry.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.UntrustedHistoryException;
import dev.modelregistry.git.errors.UntrustedPolicyException;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.VersionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes made behind the registry's back, with the git command line, as a person would. */
class TamperingTest {
  @TempDir Path dir;
  Registry registry;
  Path key;
  Path stranger;
  Path work;
  GitWorkTree clone;

  @BeforeEach
  void setUp() {
    key = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, key, "ops@example.com");
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
    registry.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
    stranger = dir.resolve("keys/stranger");
    SshKeys.generateEd25519(stranger, "mallory@example.com");
    clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
    work = clone.dir();
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private String git(String... args) {
    return clone.git(args);
  }

  /**
   * Edits the production record by hand to name v1.1.0, commits (signed by {@code signingKey} if
   * given), pushes.
   */
  private String handEditProduction(Path signingKey, String message) throws Exception {
    git("checkout", "-q", "production");
    Path record = work.resolve("production/risk_model.yaml");
    Files.writeString(record, Files.readString(record).replace("v1.0.0", "v1.1.0"));
    git("add", "-A");
    if (signingKey == null) {
      git("commit", "-q", "-m", message);
    } else {
      git(
          "-c",
          "gpg.format=ssh",
          "-c",
          "user.signingkey=" + signingKey,
          "commit",
          "-q",
          "-S",
          "-m",
          message);
    }
    git("push", "-q", "origin", "production");
    return git("rev-parse", "HEAD").strip();
  }

  private UntrustedHistoryException refusedRead() {
    return assertThrows(
        UntrustedHistoryException.class, () -> registry.history().model("risk_model").call());
  }

  @Test
  void anUnsignedProductionCommitIsRefusedByName() throws Exception {
    String commit = handEditProduction(null, "quick fix");
    UntrustedHistoryException e = refusedRead();
    assertEquals(commit, e.commit());
    assertTrue(e.getMessage().contains(commit + " is not signed"), e.getMessage());
    assertThrows(
        UntrustedHistoryException.class,
        () ->
            registry
                .rollback()
                .model("risk_model")
                .to("v1.0.0")
                .reason("x")
                .signingKey(key)
                .call());
  }

  @Test
  void listAndShowTakeAVersionsStatusFromSignedCommitsOnly() throws Exception {
    assertEquals(
        VersionStatus.STAGED,
        registry.show().model("risk_model").version("v1.1.0").call().status());
    String commit =
        handEditProduction(null, "Promote\n\nRegistry-Model: risk_model\nRegistry-Version: v1.1.0");
    // the forged commit would make v1.1.0 "production" in list and show; both refuse it by name
    // instead
    UntrustedHistoryException list =
        assertThrows(
            UntrustedHistoryException.class, () -> registry.list().model("risk_model").call());
    assertEquals(commit, list.commit());
    assertThrows(
        UntrustedHistoryException.class,
        () -> registry.show().model("risk_model").version("v1.1.0").call());
  }

  @Test
  void theReadmesRecoveryFromAHandMadeCommitMakesProductionReadableAgain() throws Exception {
    String commit = handEditProduction(null, "quick fix");
    assertTrue(refusedRead().getMessage().contains("move the branch back to the commit before it"));
    // README, "A refusal mentions an untrusted commit", for a registry on a path
    run(registry.directory(), "git", "update-ref", "refs/heads/production", commit + "~1", commit);
    assertEquals(
        "v1.0.0",
        registry.history().model("risk_model").call().entries().get(0).record().version());
    assertTrue(registry.verify().call().clean());
    registry
        .promote()
        .model("risk_model")
        .version("v1.1.0")
        .signingKey(key)
        .call(); // and production moves on
  }

  @Test
  void aCommitSignedByAnUntrustedKeyIsRefusedNamingTheKey() throws Exception {
    String commit =
        handEditProduction(stranger, "Promote\n\nRegistry-Catalog: " + registry.tip("main").name());
    UntrustedHistoryException e = refusedRead();
    assertEquals(commit, e.commit());
    assertTrue(
        e.getMessage().contains(SshKeys.fingerprint(SshKeys.publicKeyOf(stranger))),
        e.getMessage());
  }

  @Test
  void aRecordEditedByHandIsRefusedEvenWhenSignedByATrustedKey() throws Exception {
    String catalog = registry.tip("main").name();
    String commit =
        handEditProduction(
            key,
            "Promote risk_model v1.1.0\n\nRegistry-Action: promote\nRegistry-Model: risk_model\n"
                + "Registry-Version: v1.1.0\nRegistry-Catalog: "
                + catalog);
    UntrustedHistoryException e = refusedRead();
    assertEquals(commit, e.commit());
    assertTrue(e.getMessage().contains("registered artifact has"), e.getMessage());
  }

  @Test
  void aTrustChangeSignedByAnUntrustedKeyIsNeverInForce() throws Exception {
    git("checkout", "-q", "main");
    Path policy = work.resolve("registry.yaml");
    String mallory = TrustedSigners.line("mallory@example.com", SshKeys.publicKeyOf(stranger));
    Files.writeString(
        policy,
        Files.readString(policy).replace("signers:\n", "signers:\n- \"" + mallory + "\"\n"));
    git("add", "-A");
    run(
        work,
        "git",
        "-c",
        "user.name=Mallory",
        "-c",
        "user.email=mallory@example.com",
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + stranger,
        "commit",
        "-q",
        "-S",
        "-m",
        "trust me");
    git("push", "-q", "origin", "main");
    String commit = git("rev-parse", "HEAD").strip();
    // what runs is still read, under the policy in force
    assertEquals(
        "v1.0.0",
        registry.history().model("risk_model").call().entries().get(0).record().version());
    assertTrue(
        registry.policy().signers().stream().noneMatch(l -> l.startsWith("mallory@")),
        "mallory is not trusted");
    UntrustedPolicyException e =
        assertThrows(
            UntrustedPolicyException.class,
            () ->
                registry
                    .promote()
                    .model("risk_model")
                    .version("v1.1.0")
                    .signingKey(stranger)
                    .call());
    assertEquals(commit, e.commit());
    assertTrue(
        e.getMessage()
            .contains("is signed by key " + SshKeys.fingerprint(SshKeys.publicKeyOf(stranger))),
        e.getMessage());
    assertTrue(e.getMessage().contains("git revert " + commit), e.getMessage());
  }

  @Test
  void aPromotionNamingACatalogueOffMainIsRefused() throws Exception {
    // a look-alike of main, on another branch, that trusts mallory: naming it must not make her
    // trusted
    git("checkout", "-q", "-b", "shadow", "origin/main");
    Path policy = work.resolve("registry.yaml");
    String mallory = TrustedSigners.line("mallory@example.com", SshKeys.publicKeyOf(stranger));
    Files.writeString(
        policy,
        Files.readString(policy).replace("signers:\n", "signers:\n- \"" + mallory + "\"\n"));
    git("commit", "-q", "-am", "trust mallory");
    git("push", "-q", "origin", "shadow");
    String shadow = git("rev-parse", "HEAD").strip();
    String commit =
        handEditProduction(
            stranger,
            "Promote risk_model v1.1.0\n\nRegistry-Action: promote\nRegistry-Model: risk_model\n"
                + "Registry-Version: v1.1.0\nRegistry-Catalog: "
                + shadow);
    UntrustedHistoryException e = refusedRead();
    assertEquals(commit, e.commit());
    assertTrue(
        e.getMessage()
            .contains("names catalogue commit " + shadow + ", which is not on branch main"),
        e.getMessage());
  }

  @Test
  void trustFlowsFromTrustedSigners() {
    Path alice = dir.resolve("keys/alice");
    String alicePub = SshKeys.generateEd25519(alice, "alice@example.com");
    RegistryRefusedException byStranger =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .trust()
                    .principal("alice@example.com")
                    .publicKey(alicePub)
                    .signingKey(stranger)
                    .call());
    assertTrue(byStranger.getMessage().contains("not a trusted signer"), byStranger.getMessage());
    registry.trust().principal("alice@example.com").publicKey(alicePub).signingKey(key).call();
    var p = registry.promote().model("risk_model").version("v1.1.0").signingKey(alice).call();
    assertEquals("alice@example.com", p.record().promotedBy());
    registry.trust().principal("alice@example.com").remove(true).signingKey(key).call();
    assertThrows(
        RegistryRefusedException.class,
        () -> registry.rollback().model("risk_model").reason("x").signingKey(alice).call());
    assertEquals(
        "v1.1.0",
        registry.history().model("risk_model").call().entries().get(0).record().version(),
        "history signed by alice stays trusted: it was trusted at the time");
    assertThrows(
        RegistryRefusedException.class,
        () -> registry.trust().principal("ops@example.com").remove(true).signingKey(key).call());
  }
}
