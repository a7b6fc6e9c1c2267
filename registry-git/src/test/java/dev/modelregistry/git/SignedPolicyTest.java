package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.GateFailedException;
import dev.modelregistry.git.errors.UntrustedPolicyException;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.model.RegistryRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy on main is judged in order: a change of registry.yaml is in force only when a trusted
 * signer signed it (and approved, where the policy asks for it). Attacks by plain pushes to main.
 */
class SignedPolicyTest {
  @TempDir Path dir;
  Registry registry;
  Path ops;
  GitWorkTree clone;
  MutableClock clock = new MutableClock(Instant.parse("2025-01-13T08:00:00Z"));

  @BeforeEach
  void setUp() {
    ops = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, ops, "ops@example.com").withClock(clock);
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
    register(registry, dir, "risk_model", "v1.2.0", 0.01, 1.0); // fails ic > 0.02
    promote("v1.0.0");
    promote("v1.1.0");
    clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
    clone.git("checkout", "-q", "main");
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private Promotion promote(String version) {
    clock.advance(Duration.ofHours(1));
    return registry
        .promote()
        .model("risk_model")
        .version(version)
        .reason("test")
        .signingKey(ops)
        .call();
  }

  /**
   * Edits registry.yaml in the clone, commits (signed with {@code key} if given) as
   * ops@example.com, pushes; returns the commit.
   */
  private String changePolicy(String from, String to, Path key, String message) throws Exception {
    Path policy = clone.dir().resolve("registry.yaml");
    String before = Files.readString(policy);
    assertTrue(before.contains(from), before);
    Files.writeString(policy, before.replace(from, to));
    commitAndPush(key, message);
    return clone.git("rev-parse", "HEAD").strip();
  }

  private void commitAndPush(Path key, String message) {
    if (key == null) {
      clone.git("commit", "-q", "-am", message);
    } else {
      clone.git(
          "-c",
          "gpg.format=ssh",
          "-c",
          "user.signingkey=" + key,
          "commit",
          "-q",
          "-S",
          "-am",
          message);
    }
    clone.git("push", "-q", "origin", "main");
  }

  private String production() {
    return registry.current().model("risk_model").call().orElseThrow().version();
  }

  @Test
  void anUnsignedPushThatLowersAGateIsNeverUsedAndHoldsUpOnlyNewPromotions() throws Exception {
    String attack = changePolicy("ic: \"> 0.02\"", "ic: \"> -100\"", null, "relax the gates");

    UntrustedPolicyException refused =
        assertThrows(UntrustedPolicyException.class, () -> promote("v1.2.0"));
    assertEquals(attack, refused.commit());
    assertTrue(
        refused.getMessage().contains("changed by commit " + attack + ", which is not signed"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("git revert " + attack), refused.getMessage());
    assertThrows(
        UntrustedPolicyException.class,
        () -> promote("v1.1.0"),
        "every promotion waits, not only the one that needs the lower gate");
    assertEquals(
        "> 0.02",
        registry.policy().environment("production").gates().metrics().get("ic").toString(),
        "the policy in force is the signed one");

    // what runs is read as before, and the emergency rollback works
    assertEquals("v1.1.0", production());
    assertEquals(2, registry.history().model("risk_model").call().entries().size());
    Rollback back =
        registry.rollback().model("risk_model").reason("losing money").signingKey(ops).call();
    assertEquals("v1.0.0", back.to().version());
    assertEquals("v1.0.0", production());

    VerifyCommand.Report report = registry.verify().call();
    assertTrue(
        report.findings().stream()
            .anyMatch(f -> attack.equals(f.commit()) && f.problem().contains("not in force")),
        report.findings().toString());

    // a plain revert (no signature: it brings back the policy in force) ends it
    clone.git("revert", "--no-edit", attack);
    clone.git("push", "-q", "origin", "main");
    GateFailedException gates = assertThrows(GateFailedException.class, () -> promote("v1.2.0"));
    assertTrue(gates.getMessage().contains("metric ic"), gates.getMessage());
    assertEquals("v1.1.0", promote("v1.1.0").record().version());
    assertTrue(registry.verify().call().clean(), "reverted: nothing left to report");
  }

  @Test
  void anUnsignedPushThatDropsRequiredApprovalsCannotMakeAPromotionSkipReview() throws Exception {
    changePolicy(
        "required_approvals: 0",
        "required_approvals: 1",
        ops,
        "production needs one approval"); // signed: in force
    Promotion reviewed = promote("v1.0.0");
    assertTrue(reviewed.awaitingReview(), "the signed change is in force");
    String attack =
        changePolicy("required_approvals: 1", "required_approvals: 0", null, "no more review");
    UntrustedPolicyException e =
        assertThrows(UntrustedPolicyException.class, () -> promote("v1.0.0"));
    assertEquals(attack, e.commit());
    assertEquals("v1.1.0", production());
    assertEquals(1, registry.policy().environment("production").requiredApprovals());
  }

  @Test
  void aPolicyThatAsksForFourEyesOnItselfIsInForceOnlyOnceAnotherSignerApproved() throws Exception {
    Path alice = dir.resolve("keys/alice");
    registry
        .trust()
        .principal("alice@example.com")
        .publicKey(SshKeys.generateEd25519(alice, "alice"))
        .signingKey(ops)
        .call();
    clone.git("pull", "-q", "origin", "main");
    Files.writeString(
        clone.dir().resolve("registry.yaml"),
        Files.readString(clone.dir().resolve("registry.yaml"))
            + "policy_changes:\n  required_approvals: 1\n");
    commitAndPush(
        ops, "four eyes on the policy"); // judged by the policy before it: signed is enough
    assertEquals(1, registry.policy().policyChanges().requiredApprovals());

    String change = changePolicy("sharpe: \"> 0.5\"", "sharpe: \"> 2.0\"", ops, "stricter sharpe");
    UntrustedPolicyException waiting =
        assertThrows(UntrustedPolicyException.class, () -> promote("v1.0.0"));
    assertTrue(waiting.getMessage().contains("awaits approval: 0 of the 1"), waiting.getMessage());
    assertEquals(
        "> 0.5",
        registry.policy().environment("production").gates().metrics().get("sharpe").toString());

    RegistryRefusedException self =
        assertThrows(
            RegistryRefusedException.class,
            () -> registry.approvePolicyChange().change(change).signingKey(ops).call());
    assertTrue(self.getMessage().contains("cannot approve it"), self.getMessage());
    ApprovePolicyCommand.PolicyApproval approval =
        registry.approvePolicyChange().change(change.substring(0, 12)).signingKey(alice).call();
    assertTrue(approval.inForce());
    assertEquals(List.of("alice@example.com"), approval.approvers());
    assertEquals(
        "> 2",
        registry.policy().environment("production").gates().metrics().get("sharpe").toString());
    GateFailedException stricter = assertThrows(GateFailedException.class, () -> promote("v1.0.0"));
    assertTrue(stricter.getMessage().contains("metric sharpe"), stricter.getMessage());
    assertTrue(registry.verify().call().clean(), registry.verify().call().findings().toString());
  }

  @Test
  void aPolicyCanRequireSignedRegistrations() throws Exception {
    Files.writeString(
        clone.dir().resolve("registry.yaml"),
        Files.readString(clone.dir().resolve("registry.yaml"))
            + "registrations:\n  signed: true\n");
    commitAndPush(ops, "registrations are signed");

    RegistryRefusedException unsigned =
        assertThrows(
            RegistryRefusedException.class,
            () -> register(registry, dir, "risk_model", "v1.3.0", 0.05, 1.2));
    assertTrue(
        unsigned.getMessage().contains("no signing key was given")
            && unsigned.getMessage().contains("requires signed"),
        unsigned.getMessage());
    Path a = TestRegistry.artifact(dir.resolve("in"), "model.bin", 1000, 7);
    Path m =
        TestRegistry.text(dir.resolve("in"), "metadata.yaml", "metrics: {ic: 0.05, sharpe: 1.2}\n");
    Registration signed =
        registry
            .register()
            .model("risk_model")
            .version("v1.3.0")
            .artifact(a)
            .metadataFile(m)
            .signingKey(ops)
            .call();
    assertTrue(
        TestRegistry.run(registry.directory(), "git", "cat-file", "commit", signed.commit())
            .contains("gpgsig"));
    assertEquals("v1.3.0", promote("v1.3.0").record().version());

    // a version added by a plain push, unsigned
    clone.git("pull", "-q", "origin", "main");
    Path v13 = clone.dir().resolve("models/risk_model/v1.3.0");
    Path v14 = clone.dir().resolve("models/risk_model/v1.4.0");
    Files.createDirectories(v14);
    for (String f : List.of("metadata.yaml", "checksum.sha256", "artifact.yaml")) {
      Files.writeString(
          v14.resolve(f), Files.readString(v13.resolve(f)).replace("v1.3.0", "v1.4.0"));
    }
    clone.git("add", "-A");
    clone.git("commit", "-q", "-m", "Register risk_model v1.4.0");
    clone.git("push", "-q", "origin", "main");
    String handMade = clone.git("rev-parse", "HEAD").strip();
    RegistryRefusedException e =
        assertThrows(RegistryRefusedException.class, () -> promote("v1.4.0"));
    assertTrue(
        e.getMessage().contains("registered by commit " + handMade)
            && e.getMessage().contains("requires signed registrations"),
        e.getMessage());
    VerifyCommand.Report report = registry.verify().call();
    assertTrue(
        report.findings().stream()
            .anyMatch(
                f -> handMade.equals(f.commit()) && f.problem().contains("signed registrations")),
        report.findings().toString());
  }

  @Test
  void aSignedPolicyChangeComesIntoForceAndAnUntrustedKeyCannotSignOne() throws Exception {
    Path mallory = dir.resolve("keys/mallory");
    SshKeys.generateEd25519(mallory, "mallory");
    String byMallory =
        changePolicy("ic: \"> 0.02\"", "ic: \"> -1\"", mallory, "signed, by a stranger");
    UntrustedPolicyException e =
        assertThrows(UntrustedPolicyException.class, () -> promote("v1.2.0"));
    assertEquals(byMallory, e.commit());
    assertFalse(
        e.getMessage().contains("is not signed"),
        "it is signed, by a key not trusted: " + e.getMessage());
    clone.git("revert", "--no-edit", byMallory);
    clone.git("push", "-q", "origin", "main");
    changePolicy("ic: \"> 0.02\"", "ic: \"> 0.005\"", ops, "ops lowers ic on purpose");
    assertEquals("v1.2.0", promote("v1.2.0").record().version(), "the signed change is in force");
  }

  @Test
  void aSignerLineWithALineBreakCannotSmuggleInASecondSigner() throws Exception {
    Path mallory = dir.resolve("keys/mallory");
    String pub = SshKeys.generateEd25519(mallory, "mallory");
    Path policy = clone.dir().resolve("registry.yaml");
    String text = Files.readString(policy);
    String opsLine =
        text.lines().filter(l -> l.startsWith("- \"ops@example.com")).findFirst().orElseThrow();
    String smuggled =
        opsLine.substring(0, opsLine.length() - 1) + "\\nmallory@example.com " + pub.strip() + "\"";
    Files.writeString(policy, text.replace(opsLine, smuggled));
    commitAndPush(ops, "one signer, one line?"); // even signed by a trusted key
    UntrustedPolicyException e =
        assertThrows(UntrustedPolicyException.class, () -> promote("v1.0.0"));
    assertTrue(e.getMessage().contains("does not hold a readable policy"), e.getMessage());
    assertEquals(1, registry.policy().signers().size());
  }
}
