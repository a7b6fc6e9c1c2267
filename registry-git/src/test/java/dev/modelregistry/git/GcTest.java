package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.CollectedVersionException;
import dev.modelregistry.git.errors.UntrustedPolicyException;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RetentionPolicy;
import dev.modelregistry.model.Sha256;
import dev.modelregistry.model.VersionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gc on real registries with real signatures and files: what the retention policy lets go, what it
 * keeps whatever its age, the one signed commit, what verify, show and history say afterwards, and
 * the refusals. Versions are aged by a clock moved by hand, artifact bytes by their files' times.
 */
class GcTest {
  static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");

  @TempDir Path dir;
  Path key;
  MutableClock clock = new MutableClock(T0);
  Registry registry;

  /** A signed registry whose policy keeps {@code keepLast}, with the default windows. */
  static Registry create(Path dir, Path key, int keepLast) {
    return TestRegistry.createSigned(
        dir, key, "ops@example.com", new RetentionPolicy(30, 90, 30, keepLast));
  }

  @BeforeEach
  void registryWithEveryKindOfVersion() {
    key = dir.resolve("keys/ops");
    registry = create(dir, key, 1).withClock(clock);
    for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0", "v2.0.0")) {
      register(registry, dir, "risk_model", v, 0.05, 1.2);
    }
    for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0")) {
      registry.promote().model("risk_model").version(v).signingKey(key).call();
    }
    registry
        .fail()
        .model("risk_model")
        .version("v1.3.0")
        .reason("look-ahead bias")
        .signingKey(key)
        .call();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private GcReport gc(boolean force) {
    return registry.gc().force(force).signingKey(key).call();
  }

  private static Map<String, VersionStatus> byVersion(GcReport r) {
    return r.candidates().stream()
        .collect(Collectors.toMap(c -> c.version().value(), GcReport.Candidate::status));
  }

  private LocalArtifactStore store() {
    return (LocalArtifactStore) registry.store();
  }

  /** Sets every stored artifact's time back by {@code d}: bytes nobody has used for that long. */
  static void ageStore(LocalArtifactStore store, Duration d) {
    TestRegistry.ageStore(store.root(), d);
  }

  private Sha256 sha(String version) {
    return registry.show().model("risk_model").version(version).call().pointer().sha256();
  }

  @Test
  void aDryRunReportsWhatThePolicyLetsGoAndWritesNothing() {
    clock.advance(Duration.ofDays(60));
    String main = registry.tip("main").name();
    GcReport r = gc(false);
    assertTrue(r.dryRun());
    assertEquals(
        Map.of("v1.3.0", VersionStatus.FAILED, "v1.4.0", VersionStatus.STAGED),
        byVersion(r),
        "v1.0.0 left production 60 days ago (archived: 90); v1.1.0 is the rollback target,"
            + " v1.2.0 runs, v2.0.0 is the newest");
    assertEquals(60, r.candidates().get(0).ageDays());
    assertEquals(2, r.reclaimableArtifacts());
    assertEquals(2 * 2048, r.reclaimable());
    assertNull(r.commit());
    assertEquals(main, registry.tip("main").name(), "a dry run writes nothing");
    assertEquals(6, registry.list().model("risk_model").call().size());

    clock.advance(Duration.ofDays(31));
    assertEquals(
        Map.of(
            "v1.0.0", VersionStatus.ARCHIVED,
            "v1.3.0", VersionStatus.FAILED,
            "v1.4.0", VersionStatus.STAGED),
        byVersion(gc(false)));
  }

  @Test
  void theRealRunRemovesTheVersionsInOneSignedCommitAndVerifyStillPasses() throws Exception {
    clock.advance(Duration.ofDays(100));
    ageStore(store(), Duration.ofDays(2));
    Map<String, Sha256> shas =
        Stream.of("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0", "v2.0.0")
            .collect(Collectors.toMap(v -> v, this::sha));
    String before = registry.tip("main").name();

    GcReport r = gc(true);
    assertFalse(r.dryRun());
    assertEquals(
        Map.of(
            "v1.0.0",
            VersionStatus.ARCHIVED,
            "v1.3.0",
            VersionStatus.FAILED,
            "v1.4.0",
            VersionStatus.STAGED),
        byVersion(r));
    assertNotNull(r.commit());
    assertEquals(3, r.deletedArtifacts());
    assertEquals(3 * 2048, r.deletedBytes());
    try (RevWalk w = new RevWalk(registry.repository())) {
      RevCommit c = w.parseCommit(registry.tip("main"));
      assertEquals(r.commit(), c.name());
      assertEquals(before, c.getParent(0).name(), "one commit");
      assertTrue(c.getRawGpgSignature() != null, "signed");
      assertEquals("ops@example.com", c.getCommitterIdent().getEmailAddress());
      assertTrue(
          c.getFullMessage()
              .contains(
                  "Registry-Action: gc\n"
                      + "Registry-Collected: risk_model/v1.0.0\n"
                      + "Registry-Collected: risk_model/v1.3.0\n"
                      + "Registry-Collected: risk_model/v1.4.0\n"),
          c.getFullMessage());
    }
    assertEquals(
        List.of("v2.0.0", "v1.2.0", "v1.1.0"),
        registry.list().model("risk_model").call().stream().map(s -> s.version().value()).toList());
    for (String v : List.of("v1.0.0", "v1.3.0", "v1.4.0")) {
      assertFalse(Files.exists(store().pathOf(shas.get(v))), v + "'s bytes are deleted");
    }
    for (String v : List.of("v1.1.0", "v1.2.0", "v2.0.0")) {
      assertTrue(Files.exists(store().pathOf(shas.get(v))), v + "'s bytes stay");
      registry.validate().model("risk_model").version(v).call(); // throws on a mismatch
    }

    VerifyCommand.Report verified = registry.verify().call();
    assertTrue(
        verified.clean(),
        "the collection is no tampering, and v1.0.0's old promotion is judged on its catalogue: "
            + verified.findings());

    assertTrue(gc(false).candidates().isEmpty(), "nothing is left to collect");
    GcReport again = gc(true);
    assertNull(again.commit(), "a second run writes nothing");
  }

  @Test
  void showAndHistoryOfACollectedVersionSayWhenAndByWhom() {
    clock.advance(Duration.ofDays(100));
    Instant at = clock.instant();
    String commit = gc(true).commit();

    VersionInfo shown = registry.show().model("risk_model").version("v1.0.0").call();
    assertTrue(shown.collected().isPresent());
    assertEquals(commit, shown.collected().get().commit());
    assertEquals(at, shown.collected().get().at());
    assertEquals("ops@example.com", shown.collected().get().by());
    assertTrue(shown.collected().get().byGc());
    assertEquals(VersionStatus.ARCHIVED, shown.status());
    assertEquals(0.05, shown.metadata().metrics().get("ic"), "history keeps the metadata");
    VersionInfo failed = registry.show().model("risk_model").version("v1.3.0").call();
    assertEquals(VersionStatus.FAILED, failed.status());
    assertEquals("look-ahead bias", failed.failure().orElseThrow().reason());

    HistoryCommand.History h = registry.history().model("risk_model").call();
    assertEquals(3, h.entries().size(), "the promotions stay in the history");
    assertEquals(List.of("v1.0.0"), List.copyOf(h.collected().keySet()));
    assertEquals(commit, h.collected().get("v1.0.0").commit());
    assertTrue(registry.show().model("risk_model").version("v2.0.0").call().collected().isEmpty());
  }

  @Test
  void aCollectedVersionIsNeverPromotedRolledBackToOrRegisteredAgain() {
    clock.advance(Duration.ofDays(100));
    gc(true);
    CollectedVersionException promote =
        assertThrows(
            CollectedVersionException.class,
            () -> registry.promote().model("risk_model").version("v1.4.0").signingKey(key).call());
    assertTrue(promote.getMessage().contains("was collected by gc"), promote.getMessage());
    assertThrows(
        CollectedVersionException.class,
        () ->
            registry
                .rollback()
                .model("risk_model")
                .to("v1.0.0")
                .reason("back")
                .signingKey(key)
                .call());
    RegistryRefusedException again =
        assertThrows(
            CollectedVersionException.class,
            () -> register(registry, dir.resolve("again"), "risk_model", "v1.4.0", 0.05, 1.2));
    assertTrue(again.getMessage().contains("never used twice"), again.getMessage());

    // the rollback stack keeps keep_last (1) version: the first rollback works, the second refuses
    Rollback first = registry.rollback().model("risk_model").reason("bad").signingKey(key).call();
    assertEquals("v1.1.0", first.to().version());
    assertThrows(
        CollectedVersionException.class,
        () -> registry.rollback().model("risk_model").reason("worse").signingKey(key).call());
    assertTrue(registry.verify().call().clean());
  }

  @Test
  void aForcedRunIsRefusedWithoutATrustedKeyOrUnderAnUntrustedPolicy() throws Exception {
    clock.advance(Duration.ofDays(100));
    String main = registry.tip("main").name();
    MissingInputException noKey =
        assertThrows(MissingInputException.class, () -> registry.gc().force(true).call());
    assertEquals(Input.SIGNING_KEY, noKey.input());
    Path stranger = dir.resolve("keys/stranger");
    SshKeys.generateEd25519(stranger, "mallory@example.com");
    RegistryRefusedException untrusted =
        assertThrows(
            RegistryRefusedException.class,
            () -> registry.gc().force(true).signingKey(stranger).call());
    assertTrue(untrusted.getMessage().contains("not a trusted signer"), untrusted.getMessage());
    assertEquals(main, registry.tip("main").name());

    GitWorkTree clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
    clone.git("checkout", "-q", "main");
    Path yaml = clone.dir().resolve("registry.yaml");
    String policy = Files.readString(yaml);
    assertTrue(policy.contains("keep_last: 1"), policy);
    Files.writeString(yaml, policy.replace("keep_last: 1", "keep_last: 5"));
    clone.git("commit", "-q", "-am", "keep more");
    clone.git("push", "-q", "origin", "main");
    assertThrows(UntrustedPolicyException.class, () -> gc(true));
    assertEquals(
        3,
        gc(false).candidates().size(),
        "a dry run reads the policy in force, not the unsigned change");
  }

  @Test
  void aRemovalByHandIsStillTamperingForVerify() throws Exception {
    GitWorkTree clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
    clone.git("checkout", "-q", "main");
    clone.git("rm", "-q", "-r", "models/risk_model/v1.4.0");
    clone.git(
        "commit",
        "-q",
        "-m",
        "Collect by hand\n\nRegistry-Action: gc\nRegistry-Collected: risk_model/v1.4.0\n");
    clone.git("push", "-q", "origin", "main");
    VerifyCommand.Report unsigned = registry.verify().call();
    assertFalse(unsigned.clean());
    assertTrue(
        unsigned.findings().stream()
            .anyMatch(
                f ->
                    f.where().startsWith("models/risk_model/v1.4.0/")
                        && f.problem().startsWith("removed")),
        unsigned.findings().toString());
    VersionInfo shown = registry.show().model("risk_model").version("v1.4.0").call();
    assertFalse(shown.collected().orElseThrow().byGc(), "no trusted signer made that removal");
  }

  @Test
  void anEnvironmentThatRunsAVersionMainNoLongerHoldsIsAFinding() throws Exception {
    // what a promotion on another machine that read main before a collection could leave behind:
    // here a trusted signer's gc commit made by hand that collects the version production runs
    GitWorkTree clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
    clone.git("checkout", "-q", "main");
    clone.git("rm", "-q", "-r", "models/risk_model/v1.2.0");
    clone.git(
        "-c",
        "user.email=ops@example.com",
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + key,
        "commit",
        "-q",
        "-S",
        "-m",
        "Collect\n\nRegistry-Action: gc\nRegistry-Collected: risk_model/v1.2.0\n");
    clone.git("push", "-q", "origin", "main");
    VerifyCommand.Report r = registry.verify().call();
    assertEquals(1, r.findings().size(), r.findings().toString());
    assertTrue(
        r.findings()
            .get(0)
            .problem()
            .startsWith("runs risk_model v1.2.0, which main no longer holds"),
        r.findings().toString());
  }
}
