package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.UntrustedHistoryException;
import dev.modelregistry.git.errors.UntrustedPolicyException;
import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignerRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signer with the role {@code rollback} (a serving process's key) may roll back down the
 * promotion stack and mark versions failed, and nothing else: its promotions, approvals and policy
 * changes are refused by the writers before anything is written, and, written by hand with the key,
 * by every read and by verify. So a stolen service key cannot put a model live.
 */
class RollbackRoleTest {
  static final String SERVICE = "signal-service@example.com";
  static final String ROLE_ONLY = "whose role is rollback only";

  @TempDir Path dir;
  Registry registry;
  Path ops;
  Path service;
  MutableClock clock = new MutableClock(Instant.parse("2025-01-13T08:00:00Z"));

  @BeforeEach
  void setUp() {
    ops = dir.resolve("keys/ops");
    service = dir.resolve("keys/service");
    registry = TestRegistry.createSigned(dir, ops, "ops@example.com").withClock(clock);
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5); // passes the gates, never live
    promote("v1.0.0", ops);
    promote("v1.1.0", ops);
    TrustedSigners now =
        registry
            .trust()
            .principal(SERVICE)
            .publicKey(SshKeys.generateEd25519(service, SERVICE))
            .role("rollback")
            .signingKey(ops)
            .call();
    assertEquals(Set.of(SignerRole.ROLLBACK), now.rolesOf(SERVICE));
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private Promotion promote(String version, Path key) {
    clock.advance(Duration.ofHours(1));
    return registry
        .promote()
        .model("risk_model")
        .version(version)
        .reason("test")
        .signingKey(key)
        .call();
  }

  private String production() {
    return registry.current().model("risk_model").call().orElseThrow().version();
  }

  private String tip(String branch) {
    return registry.tip(branch).name();
  }

  /** Reads of production refuse {@code forged}, naming it and {@code fragment}; so does verify. */
  private void refusedEverywhere(String forged, String fragment) {
    UntrustedHistoryException read =
        assertThrows(
            UntrustedHistoryException.class, () -> registry.history().model("risk_model").call());
    assertEquals(forged, read.commit());
    assertTrue(read.getMessage().contains(fragment), read.getMessage());
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      assertThrows(
          UntrustedHistoryException.class, () -> fresh.current().model("risk_model").call());
      assertThrows(UntrustedHistoryException.class, () -> fresh.status().call());
    }
    List<VerifyCommand.Finding> findings = registry.verify().call().findings();
    assertTrue(
        findings.stream()
            .anyMatch(f -> forged.equals(f.commit()) && f.problem().contains(fragment)),
        findings.toString());
  }

  @Test
  void theRoleIsInTheSignersListingAndOutsideTheAllowedSignersLines() {
    Policy policy = registry.policy();
    assertEquals(Set.of(SignerRole.ROLLBACK), policy.rolesOf(SERVICE));
    assertTrue(policy.signers().stream().noneMatch(l -> l.contains("rollback")), policy.toString());
    List<String> listing = AnswerText.signers(TrustedSigners.of(policy));
    int comment =
        listing.indexOf(
            "# " + SERVICE + ": role " + SignerRole.describe(Set.of(SignerRole.ROLLBACK)));
    assertTrue(comment >= 0, listing.toString());
    assertTrue(listing.get(comment + 1).startsWith(SERVICE + " ssh-ed25519 "), listing.toString());
    String yaml = TestRegistry.run(registry.directory(), "git", "show", "main:registry.yaml");
    assertTrue(yaml.contains("roles:"), yaml);
  }

  @Test
  void aRollbackOnlyKeyRollsBackAndMarksFailed() {
    Rollback back =
        registry
            .rollback()
            .model("risk_model")
            .reason("automatic: sharpe 0.82 < 1.0 over 24h")
            .signingKey(service)
            .call();
    assertEquals("v1.0.0", back.to().version());
    assertEquals("v1.0.0", production());
    assertEquals(SERVICE, registry.history().model("risk_model").call().entries().get(0).signer());
    FailCommand.Outcome failed =
        registry
            .fail()
            .model("risk_model")
            .version("v1.1.0")
            .reason("drawdown beyond 25%")
            .signingKey(service)
            .call();
    assertEquals(SERVICE, failed.mark().by());
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      assertEquals("v1.0.0", fresh.current().model("risk_model").call().orElseThrow().version());
    }
    assertTrue(registry.verify().call().clean(), registry.verify().call().findings().toString());
  }

  @Test
  void aRollbackOnlyKeyMayNameOnlyAVersionBelowOnTheStack() {
    String before = tip("production");
    RegistryRefusedException refused =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .rollback()
                    .model("risk_model")
                    .to("v1.2.0")
                    .reason("sneak it in")
                    .signingKey(service)
                    .call());
    assertTrue(refused.getMessage().contains(ROLE_ONLY), refused.getMessage());
    assertTrue(refused.getMessage().contains("below: v1.0.0"), refused.getMessage());
    assertEquals(before, tip("production"), "nothing was written");
    assertThrows(
        RegistryRefusedException.class,
        () ->
            registry
                .rollback()
                .model("risk_model")
                .to("v1.2.0")
                .reason("what would happen?")
                .dryRun(true)
                .signingKey(service)
                .call(),
        "a dry run with the key says what the real run would");
    Rollback named =
        registry
            .rollback()
            .model("risk_model")
            .to("v1.0.0")
            .reason("back to the last good one")
            .signingKey(service)
            .call();
    assertEquals("v1.0.0", named.to().version());
    assertTrue(registry.verify().call().clean());
  }

  @Test
  void itsPromotionTrustChangeAndApprovalAreRefusedBeforeAnythingIsWritten() {
    String production = tip("production");
    String main = tip("main");
    RegistryRefusedException promotion =
        assertThrows(RegistryRefusedException.class, () -> promote("v1.2.0", service));
    assertTrue(promotion.getMessage().contains(ROLE_ONLY), promotion.getMessage());
    assertTrue(promotion.getMessage().contains("release manager's key"), promotion.getMessage());
    assertTrue(promotion.getMessage().contains("Nothing was written"), promotion.getMessage());
    RegistryRefusedException trust =
        assertThrows(
            RegistryRefusedException.class,
            () -> registry.trust().principal(SERVICE).role("full").signingKey(service).call());
    assertTrue(trust.getMessage().contains("change the policy"), trust.getMessage());
    RegistryRefusedException another =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .trust()
                    .principal("mallory@example.com")
                    .publicKey(SshKeys.generateEd25519(dir.resolve("keys/mallory"), "mallory"))
                    .signingKey(service)
                    .call());
    assertTrue(another.getMessage().contains(ROLE_ONLY), another.getMessage());
    assertEquals(production, tip("production"));
    assertEquals(main, tip("main"));
    assertEquals("v1.1.0", production());
  }

  @Test
  void aForgedPromotionSignedByTheRollbackKeyIsRefusedByReadsAndVerify() {
    String good = tip("production");
    String forged =
        new Forger(registry, service, SERVICE)
            .promote(
                "risk_model",
                "v1.2.0",
                tip("main"),
                Forger.claimedGates("0.07", "1.5"),
                clock.advance(Duration.ofHours(1)));
    refusedEverywhere(forged, "is a promotion signed by " + SERVICE + ", " + ROLE_ONLY);

    // the same commit by a signer with full rights is accepted: the role, nothing else, refused it
    TestRegistry.run(registry.directory(), "git", "update-ref", "refs/heads/production", good);
    String byOps =
        new Forger(registry, ops, "ops@example.com")
            .promote(
                "risk_model",
                "v1.2.0",
                tip("main"),
                Forger.claimedGates("0.07", "1.5"),
                clock.advance(Duration.ofHours(1)));
    assertEquals("v1.2.0", production());
    assertEquals(byOps, registry.history().model("risk_model").call().entries().get(0).commit());
  }

  @Test
  void aForgedRollbackToAVersionThatNeverRanIsRefusedAndOneDownTheStackIsNot() {
    Forger forger = new Forger(registry, service, SERVICE);
    String good = tip("production");
    Instant at = clock.advance(Duration.ofHours(1));
    String forged =
        forger.rollback(
            "risk_model", "v1.2.0", null, forger.namedRecord("risk_model", "v1.2.0", at), at);
    refusedEverywhere(forged, "v1.2.0 is not below on the promotion stack");
    refusedEverywhere(forged, ROLE_ONLY);

    TestRegistry.run(registry.directory(), "git", "update-ref", "refs/heads/production", good);
    Instant later = clock.advance(Duration.ofHours(1));
    forger.rollback(
        "risk_model", "v1.0.0", null, forger.namedRecord("risk_model", "v1.0.0", later), later);
    assertEquals("v1.0.0", production());
    assertTrue(registry.verify().call().clean());
  }

  @Test
  void aForgedRollbackThatUndoesARollbackToBringAVersionBackIsRefused() {
    promote("v1.2.0", ops);
    Rollback down = registry.rollback().model("risk_model").reason("bad").signingKey(ops).call();
    assertEquals("v1.1.0", down.to().version());
    // "reverting" the rollback brings back the record from before it, v1.2.0, which was taken out
    Forger forger = new Forger(registry, service, SERVICE);
    String forged =
        forger.rollback(
            "risk_model",
            "v1.2.0",
            down.commit(),
            forger.recordBefore(down.commit(), "risk_model"),
            clock.advance(Duration.ofHours(1)));
    refusedEverywhere(forged, "the promotion on top of the stack");
  }

  @Test
  void aPolicyChangeSignedByTheRollbackKeyIsNeverInForce() throws Exception {
    GitWorkTree clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
    clone.git("checkout", "-q", "main");
    Path file = clone.dir().resolve("registry.yaml");
    Policy policy = SafeMapper.readYaml(Files.readString(file), Policy.class, "registry.yaml");

    // 1. it gives itself full rights
    Files.writeString(file, SafeMapper.writeYaml(policy.withRoles(SERVICE, Set.of())));
    String own = commitAsService(clone, "full rights for the service");
    UntrustedPolicyException refused =
        assertThrows(UntrustedPolicyException.class, () -> promote("v1.2.0", ops));
    assertEquals(own, refused.commit());
    assertTrue(refused.getMessage().contains(SERVICE + ", " + ROLE_ONLY), refused.getMessage());
    assertEquals(Set.of(SignerRole.ROLLBACK), registry.policy().rolesOf(SERVICE));
    assertThrows(RegistryRefusedException.class, () -> promote("v1.2.0", service));
    assertTrue(
        registry.verify().call().findings().stream()
            .anyMatch(f -> own.equals(f.commit()) && f.problem().contains(ROLE_ONLY)));
    // what runs, and rollbacks, go on under the policy in force
    assertEquals("v1.1.0", production());

    // 2. it adds a signer of its own
    clone.git("revert", "--no-edit", own);
    String mallory =
        TrustedSigners.line(
            "mallory@example.com", SshKeys.generateEd25519(dir.resolve("keys/mallory"), "mallory"));
    List<String> signers = new java.util.ArrayList<>(policy.signers());
    signers.add(mallory);
    Files.writeString(file, SafeMapper.writeYaml(policy.withSigners(signers)));
    String added = commitAsService(clone, "another signer");
    UntrustedPolicyException again =
        assertThrows(UntrustedPolicyException.class, () -> promote("v1.2.0", ops));
    assertEquals(added, again.commit());
    assertFalse(
        registry.policy().signers().contains(mallory), "the signer it added is not trusted");
  }

  /** Commits the clone's changes signed by the service key, as the service; pushes main. */
  private static String commitAsService(GitWorkTree clone, String message) {
    clone.git(
        "-c",
        "user.email=" + SERVICE,
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + clone.dir().getParent().resolve("keys/service"),
        "commit",
        "-q",
        "-S",
        "-am",
        message);
    clone.git("push", "-q", "origin", "main");
    return clone.git("rev-parse", "HEAD").strip();
  }

  @Test
  void aRoleChangeByAFullSignerHoldsForLaterCommitsAndOnlyThem() {
    TrustedSigners full = registry.trust().principal(SERVICE).role("full").signingKey(ops).call();
    assertEquals(Set.of(), full.rolesOf(SERVICE));
    Promotion p = promote("v1.2.0", service);
    assertEquals("v1.2.0", p.record().version());

    registry.trust().principal(SERVICE).role("rollback").signingKey(ops).call();
    assertThrows(RegistryRefusedException.class, () -> promote("v1.0.0", service));
    // its promotion is judged by the policy of its catalogue, when it had full rights
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      assertEquals("v1.2.0", fresh.current().model("risk_model").call().orElseThrow().version());
    }
    assertTrue(registry.verify().call().clean(), registry.verify().call().findings().toString());
  }

  @Test
  void aCommitRememberedUnderOtherRolesIsVerifiedAgain() throws Exception {
    // a promotion forged with the service key, remembered as verified under the signers alone
    // (what a version that knew no roles would have written): reads must not believe it
    String forged =
        new Forger(registry, service, SERVICE)
            .promote(
                "risk_model",
                "v1.2.0",
                tip("main"),
                Forger.claimedGates("0.07", "1.5"),
                clock.advance(Duration.ofHours(1)));
    String parent =
        TestRegistry.run(registry.directory(), "git", "rev-parse", forged + "^").strip();
    String rolesUnknown = new TrustedSigners(registry.policy().signers()).id();
    Files.writeString(
        registry.stateDirectory().resolve("verified"),
        forged + " " + rolesUnknown + " " + SERVICE + " " + parent + " 1736758800 -\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      UntrustedHistoryException e =
          assertThrows(
              UntrustedHistoryException.class, () -> fresh.current().model("risk_model").call());
      assertEquals(forged, e.commit());
      assertTrue(e.getMessage().contains(ROLE_ONLY), e.getMessage());
    }
  }

  @Test
  void aCommitRememberedUnderAnotherTrustStateIsVerifiedOnceAgainThenNoMore() throws Exception {
    production(); // every production commit remembered
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      long before = SignatureCheck.checksPerformed();
      fresh.current().model("risk_model").call();
      assertEquals(before, SignatureCheck.checksPerformed(), "remembered: nothing verified again");
    }
    // every commit remembered as if under another trust state (other signers or roles)
    Path verified = registry.stateDirectory().resolve("verified");
    Files.writeString(
        verified, Files.readString(verified).replaceAll("(?m)^(\\S+) \\S+ ", "$1 0123456789ab "));
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      long before = SignatureCheck.checksPerformed();
      fresh.current().model("risk_model").call();
      assertTrue(SignatureCheck.checksPerformed() > before, "judged again under today's roles");
      long again = SignatureCheck.checksPerformed();
      fresh.history().model("risk_model").call();
      assertEquals(again, SignatureCheck.checksPerformed());
    }
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      long before = SignatureCheck.checksPerformed();
      fresh.current().model("risk_model").call();
      assertEquals(before, SignatureCheck.checksPerformed(), "remembered again, under its state");
    }
  }

  @Test
  void hostileRoleInputIsRefusedAndNothingIsWritten() {
    String main = tip("main");
    InvalidInputException unknown =
        assertThrows(
            InvalidInputException.class,
            () -> registry.trust().principal(SERVICE).role("admin").signingKey(ops).call());
    assertEquals(Input.ROLE, unknown.input());
    assertTrue(
        unknown.getMessage().contains("rollback") && unknown.getMessage().contains("full"),
        unknown.getMessage());
    RegistryRefusedException stranger =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .trust()
                    .principal("nobody@example.com")
                    .role("rollback")
                    .signingKey(ops)
                    .call());
    assertTrue(stranger.getMessage().contains("not a trusted signer"), stranger.getMessage());
    RegistryRefusedException lastFull =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .trust()
                    .principal("ops@example.com")
                    .role("rollback")
                    .signingKey(ops)
                    .call());
    assertTrue(lastFull.getMessage().contains("full rights"), lastFull.getMessage());
    InvalidInputException removal =
        assertThrows(
            InvalidInputException.class,
            () ->
                registry
                    .trust()
                    .principal(SERVICE)
                    .remove(true)
                    .role("rollback")
                    .signingKey(ops)
                    .call());
    assertEquals(Input.ROLE, removal.input());
    assertEquals(main, tip("main"));
    // removing the signer removes its role with it
    TrustedSigners after = registry.trust().principal(SERVICE).remove(true).signingKey(ops).call();
    assertTrue(after.roles().isEmpty());
    assertNull(registry.policy().roles().get(SERVICE));
  }
}
