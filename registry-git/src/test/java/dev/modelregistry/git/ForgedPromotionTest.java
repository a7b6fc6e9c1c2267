package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.UntrustedHistoryException;
import dev.modelregistry.model.RegistryRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trusted key signs whatever it is given: promotions written by hand to skip a review or a gate,
 * or judged on files edited after registration, are refused by reads of production and reported by
 * verify alike. And local state cannot grant trust.
 */
class ForgedPromotionTest {
  @TempDir Path dir;
  Registry registry;
  Path ops;
  Forger forger;
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
    forger = new Forger(registry, ops, "ops@example.com");
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

  private String mainTip() {
    return registry.tip("main").name();
  }

  /** Reads of production refuse the forged commit, and verify reports it with {@code fragment}. */
  private void refusedEverywhere(String forged, String fragment) {
    UntrustedHistoryException read =
        assertThrows(
            UntrustedHistoryException.class, () -> registry.history().model("risk_model").call());
    assertEquals(forged, read.commit());
    assertTrue(read.getMessage().contains(fragment), read.getMessage());
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      assertThrows(
          UntrustedHistoryException.class, () -> fresh.current().model("risk_model").call());
    }
    List<VerifyCommand.Finding> findings = registry.verify().call().findings();
    assertTrue(
        findings.stream()
            .anyMatch(f -> forged.equals(f.commit()) && f.problem().contains(fragment)),
        findings.toString());
  }

  @Test
  void aHandSignedPromotionOfAVersionThatFailsItsGatesIsRefused() {
    String forged =
        forger.promote(
            "risk_model",
            "v1.2.0",
            mainTip(),
            Forger.claimedGates("0.06", "1"),
            clock.advance(Duration.ofHours(1)));
    refusedEverywhere(forged, "fails gate 'metric ic'");
  }

  @Test
  void aHandSignedPromotionWhoseRecordClaimsOtherMetricsIsRefused() {
    String forged =
        forger.promote(
            "risk_model",
            "v1.1.0",
            mainTip(),
            Forger.claimedGates("0.9", "1.4"),
            clock.advance(Duration.ofHours(1)));
    refusedEverywhere(forged, "claims metric ic 0.9, but the registered version has 0.06");
  }

  @Test
  void aHandSignedPromotionThatDropsAGateFromItsRecordIsRefused() {
    List<dev.modelregistry.model.GateResult> noSharpe =
        Forger.claimedGates("0.06", "1.4").stream()
            .filter(g -> !g.gate().equals("metric sharpe"))
            .toList();
    String forged =
        forger.promote(
            "risk_model", "v1.1.0", mainTip(), noSharpe, clock.advance(Duration.ofHours(1)));
    refusedEverywhere(forged, "does not show gate 'metric sharpe'");
  }

  @Test
  void aWellFormedHandSignedPromotionIsAccepted() {
    // the check is on what the record says, not on who wrote it: a true record by a trusted key
    // passes
    forger.promote(
        "risk_model",
        "v1.1.0",
        mainTip(),
        Forger.claimedGates("0.06", "1.4"),
        clock.advance(Duration.ofHours(1)));
    assertEquals("v1.1.0", registry.current().model("risk_model").call().orElseThrow().version());
    assertTrue(registry.verify().call().clean(), registry.verify().call().findings().toString());
  }

  @Test
  void aPromotionNamingACatalogueOlderThanItsParentsToSkipReviewIsRefused() throws Exception {
    promote("v1.1.0");
    String beforeReview = mainTip(); // production needed no approval here
    Files.writeString(
        clone.dir().resolve("registry.yaml"),
        Files.readString(clone.dir().resolve("registry.yaml"))
            .replace("required_approvals: 0", "required_approvals: 1"));
    clone.git(
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + ops,
        "commit",
        "-q",
        "-S",
        "-am",
        "review production");
    clone.git("push", "-q", "origin", "main");
    clock.advance(Duration.ofHours(1));
    registry
        .rollback()
        .model("risk_model")
        .reason("bad numbers")
        .signingKey(ops)
        .call(); // names the new catalogue
    assertTrue(promote("v1.1.0").awaitingReview(), "a promotion now waits for review");
    // ops signs a promotion by hand that names the catalogue from before review was required
    String forged =
        forger.promote(
            "risk_model",
            "v1.1.0",
            beforeReview,
            Forger.claimedGates("0.06", "1.4"),
            clock.advance(Duration.ofHours(1)));
    refusedEverywhere(forged, "older than the one its parent");
  }

  @Test
  void promoteUsesTheRegisteredMetadataNotALaterEditOnMain() throws Exception {
    Path meta = clone.dir().resolve("models/risk_model/v1.2.0/metadata.yaml");
    Files.writeString(meta, Files.readString(meta).replace("ic: 0.01", "ic: 0.09"));
    clone.git("commit", "-q", "-am", "better numbers");
    clone.git("push", "-q", "origin", "main");
    String edit = clone.git("rev-parse", "HEAD").strip();
    RegistryRefusedException e =
        assertThrows(RegistryRefusedException.class, () -> promote("v1.2.0"));
    assertTrue(e.getMessage().contains("commit " + edit + " changed them"), e.getMessage());
    assertTrue(
        registry.verify().call().findings().stream()
            .anyMatch(f -> f.toString().contains("after it was registered")));
    // and a trusted key that promotes it by hand on the edited catalogue is refused too
    String forged =
        forger.promote(
            "risk_model",
            "v1.2.0",
            mainTip(),
            Forger.claimedGates("0.09", "1"),
            clock.advance(Duration.ofHours(1)));
    refusedEverywhere(forged, "not the ones its registration");
  }

  @Test
  void aLineAddedToAVerifiedCacheDoesNotMakeAnUnsignedCommitTrusted() throws Exception {
    clone.git("checkout", "-q", "production");
    Path record = clone.dir().resolve("production/risk_model.yaml");
    Files.writeString(record, Files.readString(record).replace("v1.0.0", "v1.1.0"));
    clone.git("commit", "-q", "-am", "quick fix");
    clone.git("push", "-q", "origin", "production");
    String unsigned = clone.git("rev-parse", "HEAD").strip();
    String line =
        unsigned
            + " trust ops@example.com "
            + clone.git("rev-parse", "HEAD~1").strip()
            + " 1736755200 -\n";
    // the old place, in the registry's Git directory, is no longer read
    Path old = registry.directory().resolve("registry-cache/verified");
    Files.createDirectories(old.getParent());
    Files.writeString(old, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      assertThrows(
          UntrustedHistoryException.class, () -> fresh.history().model("risk_model").call());
    }
    // this user's state, made writable by others, is refused rather than believed
    Path state = registry.stateDirectory();
    Files.writeString(
        state.resolve("verified"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      RegistryRefusedException e =
          assertThrows(
              RegistryRefusedException.class, () -> fresh.history().model("risk_model").call());
      assertTrue(
          e.getMessage().contains("can be written by other users")
              && e.getMessage().contains("chmod 700 " + state),
          e.getMessage());
    }
    assertTrue(
        registry.verify().call().findings().stream().anyMatch(f -> unsigned.equals(f.commit())),
        "verify reads no cache");
  }
}
