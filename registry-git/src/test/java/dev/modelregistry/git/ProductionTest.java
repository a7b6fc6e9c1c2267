package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static dev.modelregistry.git.TestRegistry.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.GateFailedException;
import dev.modelregistry.git.errors.UnknownVersionException;
import dev.modelregistry.git.errors.UntrustedHistoryException;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.VersionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductionTest {
  @TempDir Path dir;
  Registry registry;
  Path key;
  MutableClock clock = new MutableClock(Instant.parse("2025-01-13T08:00:00Z"));

  @BeforeEach
  void setUp() {
    key = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, key, "ops@example.com").withClock(clock);
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
    register(registry, dir, "risk_model", "v1.2.0", 0.07, 1.5);
    register(registry, dir, "risk_model", "v1.3.0", 0.03, 0.41);
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
        .reason("weekly retrain")
        .signingKey(key)
        .call();
  }

  private Rollback rollback(String reason) {
    clock.advance(Duration.ofHours(1));
    return registry.rollback().model("risk_model").reason(reason).signingKey(key).call();
  }

  private String production() {
    return registry.history().model("risk_model").call().entries().get(0).record().version();
  }

  @Test
  void promotionIsASignedCommitThatGitVerifies() throws Exception {
    Promotion p = promote("v1.0.0");
    assertFalse(p.alreadyThere());
    assertEquals("v1.0.0", p.record().version());
    assertEquals("ops@example.com", p.record().promotedBy());
    assertTrue(p.gates().stream().allMatch(g -> g.passed()));
    assertTrue(
        p.gates().stream()
            .anyMatch(g -> g.gate().equals("metric sharpe") && g.actual().equals("1.2")));

    Path git = registry.directory();
    String yaml = run(git, "git", "show", "production:production/risk_model.yaml");
    assertTrue(
        yaml.contains("version: \"v1.0.0\"") && yaml.contains("promoted_by: \"ops@example.com\""),
        yaml);
    Path allowed = dir.resolve("allowed_signers");
    Files.writeString(allowed, String.join("\n", registry.policy().signers()) + "\n");
    run(git, "git", "-c", "gpg.ssh.allowedSignersFile=" + allowed, "verify-commit", p.commit());
    String message = run(git, "git", "log", "-1", "--format=%B", "production");
    assertTrue(
        message.contains("Registry-Action: promote") && message.contains("Registry-Catalog: "),
        message);
    assertTrue(message.contains("Registry-Reason: weekly retrain"), message);
    assertEquals(
        "1",
        run(git, "git", "rev-list", "--count", "production").strip(),
        "production is an orphan branch");

    assertEquals(
        VersionStatus.PRODUCTION,
        registry.show().model("risk_model").version("v1.0.0").call().status());
    assertTrue(promote("v1.0.0").alreadyThere());
  }

  @Test
  void rollbacksWalkDownThePromotionStackAndNeverForwardAgain() {
    promote("v1.0.0");
    promote("v1.1.0");
    Promotion third = promote("v1.2.0");
    Rollback r1 = rollback("v1.2.0 losing money");
    assertEquals("v1.2.0", r1.from().version());
    assertEquals("v1.1.0", r1.to().version());
    assertEquals(third.commit(), r1.reverted());
    assertEquals("v1.1.0", production());
    assertEquals("v1.0.0", rollback("v1.1.0 too").to().version());
    assertEquals("v1.0.0", production());
    RegistryRefusedException none =
        assertThrows(RegistryRefusedException.class, () -> rollback("again"));
    assertTrue(none.getMessage().contains("No previous version found"), none.getMessage());
    assertEquals(
        VersionStatus.ARCHIVED,
        registry.show().model("risk_model").version("v1.2.0").call().status());
    assertEquals(
        VersionStatus.PRODUCTION,
        registry.show().model("risk_model").version("v1.0.0").call().status());
  }

  @Test
  void rollbackToANamedVersionPushesAndAPlainRollbackUndoesIt() {
    promote("v1.0.0");
    promote("v1.1.0");
    clock.advance(Duration.ofMinutes(5));
    Rollback named =
        registry
            .rollback()
            .model("risk_model")
            .to("v1.0.0")
            .reason("back to known good")
            .signingKey(key)
            .call();
    assertNull(named.reverted());
    assertEquals("v1.0.0", production());
    assertEquals("v1.1.0", rollback("undo the named rollback").to().version());
  }

  @Test
  void dryRunSaysWhatWouldHappenAndWritesNothing() {
    promote("v1.0.0");
    promote("v1.1.0");
    ObjectId tip = registry.tip("production");
    Rollback plan = registry.rollback().model("risk_model").reason("check").dryRun(true).call();
    assertTrue(plan.dryRun());
    assertEquals("v1.0.0", plan.to().version());
    assertEquals(tip, registry.tip("production"));
  }

  @Test
  void gatesRefuseAndNothingIsWritten() {
    promote("v1.0.0");
    ObjectId tip = registry.tip("production");
    GateFailedException e = assertThrows(GateFailedException.class, () -> promote("v1.3.0"));
    assertTrue(e.getMessage().contains("1 of 5 gates failed"), e.getMessage());
    assertTrue(
        e.getMessage().matches("(?s).*FAIL metric sharpe\\s+0\\.41\\s+needs > 0\\.5.*"),
        e.getMessage());
    assertTrue(e.getMessage().contains("registry.yaml on branch main"));
    assertEquals(tip, registry.tip("production"));
  }

  @Test
  void datasetDriftBlocksInStrictModeAndWarnsOtherwiseAMissingDatasetAlwaysBlocks() {
    var drift = Map.of("crsp", "v1.2.4");
    assertThrows(
        GateFailedException.class,
        () ->
            registry
                .promote()
                .model("risk_model")
                .version("v1.0.0")
                .datasetVersions(drift)
                .signingKey(key)
                .call());
    Promotion lenient =
        registry
            .promote()
            .model("risk_model")
            .version("v1.0.0")
            .datasetVersions(drift)
            .strictDatasets(false)
            .signingKey(key)
            .call();
    assertTrue(
        lenient.warnings().stream()
            .anyMatch(w -> w.contains("crsp: model trained on v1.2.3, current is v1.2.4")));
    GateFailedException missing =
        assertThrows(
            GateFailedException.class,
            () ->
                registry
                    .promote()
                    .model("risk_model")
                    .version("v1.1.0")
                    .datasetVersions(Map.of("compustat", "v1"))
                    .strictDatasets(false)
                    .signingKey(key)
                    .call());
    assertTrue(
        missing.getMessage().contains("crsp (trained on v1.2.3, not in force)"),
        missing.getMessage());
  }

  @Test
  void refusesUnknownFailedAndTamperedVersionsAndUntrustedOrMissingKeys() throws Exception {
    ObjectId before = registry.tip("production");
    assertThrows(UnknownVersionException.class, () -> promote("v9.0.0"));
    Path stranger = dir.resolve("keys/stranger");
    SshKeys.generateEd25519(stranger, "stranger@example.com");
    RegistryRefusedException untrusted =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .promote()
                    .model("risk_model")
                    .version("v1.0.0")
                    .signingKey(stranger)
                    .call());
    assertTrue(
        untrusted.getMessage().contains("is not a trusted signer")
            && untrusted.getMessage().contains("ops@example.com"),
        untrusted.getMessage());
    RegistryRefusedException noKey =
        assertThrows(
            RegistryRefusedException.class,
            () -> registry.promote().model("risk_model").version("v1.0.0").call());
    assertTrue(noKey.getMessage().contains("no signing key was given"), noKey.getMessage());
    assertEquals(
        dev.modelregistry.model.Input.SIGNING_KEY,
        ((dev.modelregistry.model.MissingInputException) noKey).input());

    registry
        .fail()
        .model("risk_model")
        .version("v1.1.0")
        .reason("leaks future data")
        .signingKey(key)
        .call();
    GateFailedException failed = assertThrows(GateFailedException.class, () -> promote("v1.1.0"));
    assertTrue(failed.getMessage().contains("failed: leaks future data"), failed.getMessage());

    Path stored =
        ((LocalArtifactStore) registry.store())
            .pathOf(
                registry.show().model("risk_model").version("v1.2.0").call().pointer().sha256());
    stored.toFile().setWritable(true);
    Files.write(stored, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    GateFailedException tampered = assertThrows(GateFailedException.class, () -> promote("v1.2.0"));
    assertTrue(tampered.getMessage().contains("FAIL artifact valid"), tampered.getMessage());
    assertEquals(before, registry.tip("production"));
  }

  @Test
  void rollbackRefusals() throws Exception {
    assertTrue(
        assertThrows(RegistryRefusedException.class, () -> rollback("x"))
            .getMessage()
            .contains("never been in production"));
    promote("v1.0.0");
    promote("v1.2.0");
    assertTrue(
        assertThrows(
                InvalidInputException.class,
                () -> registry.rollback().model("risk_model").signingKey(key).call())
            .getMessage()
            .contains("needs a reason"));
    assertThrows(
        UnknownVersionException.class,
        () ->
            registry
                .rollback()
                .model("risk_model")
                .to("v7.0.0")
                .reason("x")
                .signingKey(key)
                .call());
    registry.fail().model("risk_model").version("v1.0.0").reason("bad").signingKey(key).call();
    RegistryRefusedException toFailed =
        assertThrows(RegistryRefusedException.class, () -> rollback("v1.2.0 bad"));
    assertTrue(toFailed.getMessage().contains("marked failed"), toFailed.getMessage());
    assertEquals("v1.2.0", production());
  }

  @Test
  void failingTheLiveVersionSaysWhereItRuns() {
    promote("v1.0.0");
    FailCommand.Outcome o =
        registry
            .fail()
            .model("risk_model")
            .version("v1.0.0")
            .reason("bad fills")
            .signingKey(key)
            .call();
    assertEquals(List.of("production"), o.liveIn());
    assertEquals(
        VersionStatus.FAILED,
        registry.show().model("risk_model").version("v1.0.0").call().status());
    assertThrows(
        RegistryRefusedException.class,
        () ->
            registry
                .fail()
                .model("risk_model")
                .version("v1.0.0")
                .reason("again")
                .signingKey(key)
                .call());
    assertThrows(
        InvalidInputException.class,
        () -> registry.fail().model("risk_model").version("v1.1.0").signingKey(key).call());
  }

  @Test
  void historyAnswersWhichVersionWasLiveAtAnInstant() {
    promote("v1.0.0"); // 09:00
    promote("v1.1.0"); // 10:00
    promote("v1.2.0"); // 11:00
    rollback("v1.2.0 bad"); // 12:00 -> v1.1.0
    clock.advance(Duration.ofMinutes(30));
    registry
        .rollback()
        .model("risk_model")
        .to("v1.0.0")
        .reason("named")
        .signingKey(key)
        .call(); // 12:30
    HistoryCommand.History h = registry.history().model("risk_model").call();
    assertEquals(
        List.of("rollback", "rollback", "promote", "promote", "promote"),
        h.entries().stream().map(HistoryEntry::action).toList());
    assertEquals("ops@example.com", h.entries().get(0).signer());
    assertEquals("v1.2.0 bad", h.entries().get(1).reason());
    Map<String, String> expected =
        Map.of(
            "2025-01-13T08:59:59Z", "none",
            "2025-01-13T09:00:00Z", "v1.0.0",
            "2025-01-13T09:30:00Z", "v1.0.0",
            "2025-01-13T10:15:00Z", "v1.1.0",
            "2025-01-13T11:59:00Z", "v1.2.0",
            "2025-01-13T12:10:00Z", "v1.1.0",
            "2025-01-13T13:00:00Z", "v1.0.0");
    expected.forEach(
        (at, version) ->
            assertEquals(
                version,
                registry
                    .history()
                    .model("risk_model")
                    .at(Instant.parse(at))
                    .call()
                    .inForce()
                    .map(e -> e.record().version())
                    .orElse("none"),
                "at " + at));
  }

  @Test
  void minimumTimeInPaperIsMeasuredFromPapersHistory() throws Exception {
    Path policyFile = dir.resolve("registry.yaml");
    // a registry whose production needs 24h in paper
    Path key2 = dir.resolve("keys/ops2");
    String pub = SshKeys.generateEd25519(key2, "ops@example.com");
    String yaml =
        "format_version: 1\nenvironments:\n  paper: {}\n  production:\n    gates:\n      min_time_in: {paper: 24h}\n"
            + "signers: [\""
            + TrustedSigners.line("ops@example.com", pub)
            + "\"]\n";
    Files.writeString(policyFile, yaml);
    var policy =
        dev.modelregistry.model.SafeMapper.read(policyFile, dev.modelregistry.model.Policy.class);
    try (Registry r =
        Registry.init(
                dir.resolve("r2.git").toString(),
                policy,
                TestRegistry.TESTER,
                CommitSigner.sshKey(key2))
            .withClock(clock)) {
      register(r, dir.resolve("r2"), "alpha", "v1.0.0", 0.05, 1.0);
      r.promote().model("alpha").version("v1.0.0").environment("paper").signingKey(key2).call();
      clock.advance(Duration.ofHours(3));
      GateFailedException e =
          assertThrows(
              GateFailedException.class,
              () -> r.promote().model("alpha").version("v1.0.0").signingKey(key2).call());
      assertTrue(
          e.getMessage().matches("(?s).*FAIL time in paper\\s+3h\\s+needs >= 24h.*"),
          e.getMessage());
      // a trusted key that writes the promotion by hand, claiming the 24h, is found out: the gate
      // is run again as of its time
      String forged =
          new Forger(r, key2, "ops@example.com")
              .promote(
                  "alpha",
                  "v1.0.0",
                  r.tip("main").name(),
                  List.of(
                      new dev.modelregistry.model.GateResult("failure mark", "none", "none", true),
                      new dev.modelregistry.model.GateResult(
                          "time in paper", ">= 24h", "25h", true),
                      new dev.modelregistry.model.GateResult(
                          "datasets",
                          "trained versions in force (strict)",
                          "not checked: none given",
                          true),
                      new dev.modelregistry.model.GateResult(
                          "artifact valid", "size and sha256 as registered", "intact", true)),
                  clock.instant());
      UntrustedHistoryException early =
          assertThrows(UntrustedHistoryException.class, () -> r.current().model("alpha").call());
      assertEquals(forged, early.commit());
      assertTrue(
          early.getMessage().contains("fails gate 'time in paper'")
              && early.getMessage().contains("3h, needs >= 24h"),
          early.getMessage());
      run(r.directory(), "git", "update-ref", "-d", "refs/heads/production"); // undone
      clock.advance(Duration.ofHours(21));
      assertEquals(
          "v1.0.0",
          r.promote().model("alpha").version("v1.0.0").signingKey(key2).call().record().version());
      clock.advance(Duration.ofDays(30));
      VerifyCommand.Report report = r.verify().call();
      assertTrue(
          report.clean(),
          "the gate run again later, as of the promotion's time, still passes: "
              + report.findings());
    }
  }

  @Test
  void verificationIsIncremental() {
    for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0")) {
      promote(v);
    }
    registry.history().model("risk_model").call();
    long before = SignatureCheck.checksPerformed();
    registry.history().model("risk_model").call();
    assertEquals(before, SignatureCheck.checksPerformed(), "nothing new: nothing verified again");
    rollback("one new commit");
    long afterRollback = SignatureCheck.checksPerformed();
    registry.history().model("risk_model").at(Instant.now()).call();
    assertEquals(
        afterRollback + 1,
        SignatureCheck.checksPerformed(),
        "one new commit: one signature checked");
    registry.history().model("risk_model").call();
    assertEquals(afterRollback + 1, SignatureCheck.checksPerformed());
  }

  @Test
  void statusShowsWhatRuns() {
    promote("v1.1.0");
    StatusCommand.Status s = registry.status().call();
    assertEquals(4, s.versions());
    assertEquals(1, s.models());
    List<EnvironmentRecord> prod = s.running().get("production");
    assertEquals("v1.1.0", prod.get(0).version());
    assertEquals(4, s.artifacts(), "four versions, four different artifacts");
    assertEquals(0, s.failed());
    registry
        .fail()
        .model("risk_model")
        .version("v1.3.0")
        .reason("look-ahead bias")
        .signingKey(key)
        .call();
    assertEquals(1, registry.status().call().failed());
  }
}
