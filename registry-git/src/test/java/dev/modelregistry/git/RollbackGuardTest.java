package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.GuardAction.Outcome;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RollbackTrigger;
import dev.modelregistry.model.RollbackTriggers;
import dev.modelregistry.model.TimeSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic rollback on a real signed registry: ops promote with their key, the serving process's
 * guard rolls back with its own, and every rollback is read back from the branch's history.
 */
class RollbackGuardTest {
  private static final String MODEL = "risk_model";
  private static final String SERVICE = "signal-service@example.com";
  private static final RollbackTriggers SEEDS =
      new RollbackTriggers(
          new RollbackTriggers.SharpeBelow(1.0, TimeSpan.parse("24h")), 0.25, 10, true);

  @TempDir Path dir;
  Path ops;
  Path service;
  Registry registry;
  MutableClock clock = new MutableClock(Instant.parse("2025-01-15T08:00:00Z"));
  final List<GuardAction> told = new ArrayList<>();

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.close();
    }
  }

  /**
   * A registry trusting ops and the service, whose production arms {@code triggers}; {@code
   * versions} registered and promoted by ops, in order.
   */
  private void registryWith(RollbackTriggers triggers, String... versions) {
    ops = dir.resolve("keys/ops");
    service = dir.resolve("keys/service");
    String opsPub = SshKeys.generateEd25519(ops, "ops@example.com");
    String servicePub = SshKeys.generateEd25519(service, SERVICE);
    Policy d =
        Policy.defaults(
            List.of(
                TrustedSigners.line("ops@example.com", opsPub),
                TrustedSigners.line(SERVICE, servicePub)));
    Policy p =
        new Policy(
            d.formatVersion(),
            d.versions(),
            Map.of(
                Policy.PRODUCTION, d.environment(Policy.PRODUCTION).withRollbackTriggers(triggers)),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            d.retention(),
            d.store(),
            d.backups());
    registry =
        Registry.init(
                dir.resolve("registry.git").toString(),
                p,
                TestRegistry.TESTER,
                CommitSigner.sshKey(ops))
            .withClock(clock);
    for (String v : versions) {
      register(registry, dir, MODEL, v, 0.05, 1.2);
      clock.advance(Duration.ofHours(1));
      registry.promote().model(MODEL).version(v).reason("weekly retrain").signingKey(ops).call();
    }
  }

  private RollbackGuard guard(boolean dryRun) {
    return RollbackGuard.on(registry)
        .model(MODEL)
        .signingKey(service)
        .clock(clock)
        .dryRun(dryRun)
        .listener(told::add)
        .build();
  }

  private String production() {
    return registry.current().model(MODEL).call().orElseThrow().version();
  }

  private List<HistoryEntry> history() {
    return registry.history().model(MODEL).call().entries();
  }

  private long rollbacks() {
    return history().stream().filter(e -> "rollback".equals(e.action())).count();
  }

  private Instant hour(int h) {
    return Instant.parse("2025-01-16T00:00:00Z").plus(Duration.ofHours(h));
  }

  /** Feeds {@code returns} hourly from {@code fromHour}; returns the first action, if any. */
  private Optional<GuardAction> feed(RollbackGuard g, int fromHour, double... returns) {
    Optional<GuardAction> first = Optional.empty();
    for (int i = 0; i < returns.length; i++) {
      Optional<GuardAction> a = g.observe(hour(fromHour + i), returns[i]);
      if (first.isEmpty()) {
        first = a;
      }
    }
    return first;
  }

  private static double[] repeat(int n, double r) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, r);
    return out;
  }

  /** Asserts the newest change is the guard's signed rollback to {@code to}, for {@code reason}. */
  private void assertRolledBack(GuardAction a, String from, String to, String reason) {
    assertEquals(Outcome.ROLLED_BACK, a.outcome(), a.summary());
    assertEquals(from, a.version());
    assertEquals(to, a.rolledBackTo());
    assertEquals(reason, a.reason());
    HistoryEntry newest = history().get(0);
    assertEquals("rollback", newest.action());
    assertEquals(a.commit(), newest.commit());
    assertEquals(reason, newest.reason(), "the reason is in the commit");
    assertEquals(SERVICE, newest.signer(), "signed with the service's key");
    assertEquals(to, newest.record().version());
    assertEquals(to, production());
  }

  @Test
  void drawdownRollsBackWithTheFiguresInTheCommit() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    try (RollbackGuard g = guard(false)) {
      g.modelLoaded("v1.1.0");
      assertEquals(Optional.empty(), feed(g, 0, 0.10, -0.20), "20% below the peak: not yet");
      GuardAction a = g.observe(hour(2), -0.10).orElseThrow();
      assertEquals(RollbackTrigger.MAX_DRAWDOWN, a.trigger());
      assertRolledBack(a, "v1.1.0", "v1.0.0", "automatic: drawdown 28.0% > 25%");
      assertEquals(List.of(a), told, "the listener is told what is returned");
    }
  }

  @Test
  void consecutiveLossesRollBack() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    try (RollbackGuard g = guard(false)) {
      g.modelLoaded("v1.1.0");
      assertEquals(Optional.empty(), feed(g, 0, repeat(9, -0.001)));
      assertEquals(Optional.empty(), g.observe(hour(9), 0.0), "a flat hour is no loss");
      GuardAction a = g.observe(hour(10), -0.001).orElseThrow();
      assertEquals(RollbackTrigger.CONSECUTIVE_LOSSES, a.trigger());
      assertRolledBack(a, "v1.1.0", "v1.0.0", "automatic: 10 consecutive losses");
    }
  }

  @Test
  void sharpeRollsBackOnlyOnceTheWindowIsCovered() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    try (RollbackGuard g = guard(false)) {
      g.modelLoaded("v1.1.0");
      List<Double> window = new ArrayList<>();
      for (int h = 0; h < 24; h++) {
        double r = h % 2 == 0 ? -0.004 : 0.003;
        if (h > 0) {
          window.add(r);
        }
        assertEquals(Optional.empty(), g.observe(hour(h), r), "hour " + h + ": not covered");
      }
      assertEquals(0, rollbacks(), "nothing in the first 24 hours, however bad");
      window.add(-0.004);
      GuardAction a = g.observe(hour(24), -0.004).orElseThrow();
      double mean = window.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double sd =
          Math.sqrt(
              window.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum()
                  / (window.size() - 1));
      double sharpe = mean / sd * Math.sqrt(24 * 365.0);
      assertEquals(RollbackTrigger.SHARPE_BELOW, a.trigger());
      assertRolledBack(
          a,
          "v1.1.0",
          "v1.0.0",
          "automatic: sharpe " + String.format(Locale.ROOT, "%.2f", sharpe) + " < 1.0 over 24h");
    }
  }

  @Test
  void oneIncidentOneRollbackThenTheOlderVersionIsJudgedOnItsOwnFigures() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0", "v1.2.0");
    try (RollbackGuard g = guard(false)) {
      g.modelLoaded("v1.2.0");
      GuardAction first = feed(g, 0, 0.10, -0.20, -0.10).orElseThrow();
      assertRolledBack(first, "v1.2.0", "v1.1.0", "automatic: drawdown 28.0% > 25%");
      // the loader has not followed yet: the service's returns are still v1.2.0's
      assertEquals(Optional.empty(), feed(g, 3, repeat(30, -0.05)));
      assertEquals(1, rollbacks(), "one incident, one rollback");
      assertEquals("v1.1.0", production());

      g.modelLoaded("v1.1.0"); // the loader followed: v1.1.0 starts from nothing
      assertEquals(Optional.empty(), feed(g, 40, 0.01, -0.005, 0.02, 0.0));
      assertEquals(1, rollbacks());
      GuardAction second = feed(g, 44, repeat(10, -0.002)).orElseThrow();
      assertRolledBack(second, "v1.1.0", "v1.0.0", "automatic: 10 consecutive losses");
      assertEquals(2, rollbacks());
    }
  }

  @Test
  void aRestartedGuardStillBehindTheLoaderWritesNothing() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    try (RollbackGuard g = guard(false)) {
      g.modelLoaded("v1.1.0");
      assertEquals(Outcome.ROLLED_BACK, feed(g, 0, repeat(10, -0.001)).orElseThrow().outcome());
    }
    String tip = registry.tip("production").name();
    try (RollbackGuard restarted = guard(false)) {
      restarted.modelLoaded("v1.1.0"); // the service has not reloaded yet
      GuardAction a = feed(restarted, 20, repeat(10, -0.001)).orElseThrow();
      assertEquals(Outcome.NOT_LIVE, a.outcome(), a.summary());
      assertTrue(a.detail().contains("runs v1.0.0"), a.detail());
      assertNull(a.commit());
    }
    assertEquals(tip, registry.tip("production").name(), "nothing written");
    assertEquals(1, rollbacks());
  }

  @Test
  void aDryRunReportsTheRollbackItWouldMakeAndWritesNothing() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    String tip = registry.tip("production").name();
    try (RollbackGuard g = guard(true)) {
      g.modelLoaded("v1.1.0");
      GuardAction a = feed(g, 0, 0.10, -0.20, -0.10).orElseThrow();
      assertEquals(Outcome.WOULD_ROLL_BACK, a.outcome());
      assertEquals("v1.0.0", a.rolledBackTo());
      assertEquals("automatic: drawdown 28.0% > 25%", a.reason());
      assertNull(a.commit());
      assertFalse(a.wrote());
      assertTrue(a.summary().startsWith("Dry run: "), a.summary());
      assertEquals(Optional.empty(), feed(g, 3, repeat(20, -0.05)), "reported once");
      assertEquals(Optional.empty(), g.loadFailed("v1.1.0", "boom"), "one report per incident");
      assertEquals(1, told.size());
    }
    assertEquals(tip, registry.tip("production").name(), "the branch did not move");
    assertEquals("v1.1.0", production());
    assertEquals(0, rollbacks());
  }

  @Test
  void aDryRunNeedsNoKey() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    try (RollbackGuard g =
        RollbackGuard.on(registry).model(MODEL).clock(clock).dryRun(true).build()) {
      g.modelLoaded("v1.1.0");
      assertEquals(Outcome.WOULD_ROLL_BACK, feed(g, 0, repeat(10, -0.01)).get().outcome());
    }
  }

  @Test
  void aPersonsRollbackAndTheGuardsAtTheSameMomentMakeOneRollback() throws Exception {
    registryWith(SEEDS, "v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (RollbackGuard g = guard(false);
        Registry person = Registry.open(registry.directory().toString()).withClock(clock)) {
      int hour = 0;
      Map<String, String> below =
          Map.of("v1.3.0", "v1.2.0", "v1.2.0", "v1.1.0", "v1.1.0", "v1.0.0");
      for (String out : List.of("v1.3.0", "v1.2.0", "v1.1.0")) {
        long before = rollbacks();
        g.modelLoaded(out);
        assertEquals(Optional.empty(), feed(g, hour, repeat(9, -0.001)));
        int tenth = hour + 9;
        hour += 20;
        CyclicBarrier together = new CyclicBarrier(2);
        Future<Optional<GuardAction>> guards =
            pool.submit(
                () -> {
                  together.await(10, TimeUnit.SECONDS);
                  return g.observe(hour(tenth), -0.001);
                });
        Future<Rollback> persons =
            pool.submit(
                () -> {
                  together.await(10, TimeUnit.SECONDS);
                  return person
                      .rollback()
                      .model(MODEL)
                      .version(out)
                      .reason("ops: " + out + " is losing money")
                      .signingKey(ops)
                      .call();
                });
        GuardAction a = guards.get(60, TimeUnit.SECONDS).orElseThrow();
        Rollback r = persons.get(60, TimeUnit.SECONDS);
        assertEquals(before + 1, rollbacks(), out + ": exactly one rollback, " + a.summary());
        HistoryEntry newest = history().get(0);
        if (a.wrote()) {
          assertTrue(r.alreadyOut(), "the person's rollback wrote nothing");
          assertEquals(a.commit(), r.takenOutBy());
          assertEquals(SERVICE, newest.signer());
        } else {
          assertTrue(
              a.outcome() == Outcome.ALREADY_OUT || a.outcome() == Outcome.NOT_LIVE, a.summary());
          assertEquals(r.commit(), newest.commit());
          assertEquals("ops@example.com", newest.signer());
        }
        assertEquals(below.get(out), production(), "down the stack one step, not two");
      }
      assertEquals("v1.0.0", production(), "three versions out, three steps down");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPersonsRollbackBetweenTheGuardsLossesAndItsWriteLeavesItNothingToDo() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0", "v1.2.0");
    try (RollbackGuard g = guard(false)) {
      g.modelLoaded("v1.2.0");
      feed(g, 0, repeat(9, -0.001));
      registry
          .rollback()
          .model(MODEL)
          .version("v1.2.0")
          .reason("ops saw it first")
          .signingKey(ops)
          .call();
      GuardAction a = g.observe(hour(9), -0.001).orElseThrow();
      assertEquals(Outcome.NOT_LIVE, a.outcome(), a.summary());
      assertFalse(a.wrote());
    }
    assertEquals(1, rollbacks());
    assertEquals("v1.1.0", production(), "one step down, not two");
    assertEquals("ops saw it first", history().get(0).reason());
  }

  @Test
  void withNothingBelowTheLiveVersionItReportsOnceAndWritesNothing() {
    registryWith(SEEDS, "v1.0.0");
    String tip = registry.tip("production").name();
    try (RollbackGuard g = guard(false)) {
      g.modelLoaded("v1.0.0");
      GuardAction a = feed(g, 0, repeat(10, -0.001)).orElseThrow();
      assertEquals(Outcome.NOTHING_TO_ROLL_BACK_TO, a.outcome());
      assertTrue(a.detail().contains("No previous version found"), a.detail());
      assertEquals(Optional.empty(), feed(g, 10, repeat(40, -0.05)), "no storm");
      assertEquals(Optional.empty(), g.loadFailed("v1.0.0", "smoke check threw"), "no storm");
      assertEquals(1, told.size());
    }
    assertEquals(tip, registry.tip("production").name());
    assertEquals("v1.0.0", production());
  }

  @Test
  void aLoadFailureOfTheLiveVersionRollsItBack() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    try (RollbackGuard g = guard(false)) {
      g.modelLoaded("v1.0.0"); // the loader kept the old model: the new one's smoke check threw
      GuardAction a =
          g.loadFailed("v1.1.0", "smoke check threw IllegalStateException: no weights\n\tat x.y")
              .orElseThrow();
      assertEquals(RollbackTrigger.ON_LOAD_FAILURE, a.trigger());
      assertRolledBack(
          a,
          "v1.1.0",
          "v1.0.0",
          "automatic: load failure of v1.1.0: smoke check threw IllegalStateException: no"
              + " weights at x.y");
      // the loader tries again before it sees the rollback: nothing more is written
      GuardAction again = g.loadFailed("v1.1.0", "smoke check threw").orElseThrow();
      assertEquals(Outcome.NOT_LIVE, again.outcome());
      assertEquals(1, rollbacks());
    }
  }

  @Test
  void aLoadFailureRollsNothingBackWithoutOnLoadFailure() {
    registryWith(new RollbackTriggers(null, 0.25, null, false), "v1.0.0", "v1.1.0");
    String tip = registry.tip("production").name();
    try (RollbackGuard g = guard(false)) {
      assertEquals(Optional.empty(), g.loadFailed("v1.1.0", "checksum mismatch"));
    }
    assertEquals(tip, registry.tip("production").name());
  }

  @Test
  void aLoadFailureOfAVersionNotLiveRollsNothingBack() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    String tip = registry.tip("production").name();
    try (RollbackGuard g = guard(false)) {
      GuardAction a = g.loadFailed("v1.0.0", "checksum mismatch").orElseThrow();
      assertEquals(Outcome.NOT_LIVE, a.outcome());
      assertTrue(a.detail().contains("runs v1.1.0"), a.detail());
      assertEquals(Outcome.NOT_LIVE, g.loadFailed("v9.9.9", "never registered").get().outcome());
    }
    assertEquals(tip, registry.tip("production").name());
  }

  @Test
  void withoutTriggersTheGuardNeverActs() {
    registryWith(RollbackTriggers.none(), "v1.0.0", "v1.1.0");
    try (RollbackGuard g = guard(false)) {
      assertTrue(g.triggers().isNone());
      g.modelLoaded("v1.1.0");
      assertEquals(Optional.empty(), feed(g, 0, repeat(50, -0.1)));
      assertEquals(Optional.empty(), g.loadFailed("v1.1.0", "boom"));
    }
    assertEquals(0, rollbacks());
  }

  @Test
  void aTriggerTurnedOffInRegistryYamlIsNotActedOn() throws Exception {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    try (RollbackGuard g = guard(false)) {
      g.modelLoaded("v1.1.0");
      feed(g, 0, repeat(9, -0.001));
      // ops turn the loss trigger off, signed, while the service runs
      GitWorkTree clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
      clone.git("checkout", "-q", "main");
      Path yaml = clone.dir().resolve("registry.yaml");
      String before = java.nio.file.Files.readString(yaml);
      String after = before.replaceAll("(?m)^\\s*consecutive_losses: 10\\n", "");
      assertFalse(after.equals(before), before);
      java.nio.file.Files.writeString(yaml, after);
      clone.git(
          "-c",
          "gpg.format=ssh",
          "-c",
          "user.signingkey=" + ops,
          "commit",
          "-q",
          "-S",
          "-am",
          "no automatic rollback on losses");
      clone.git("push", "-q", "origin", "main");

      GuardAction a = g.observe(hour(9), -0.001).orElseThrow();
      assertEquals(Outcome.TRIGGER_OFF, a.outcome(), a.summary());
    }
    assertEquals(0, rollbacks());
    assertEquals("v1.1.0", production());
  }

  @Test
  void missingAndWrongInputsAreRefusedNamingTheInput() {
    registryWith(SEEDS, "v1.0.0");
    assertEquals(
        Input.MODEL,
        assertThrows(
                InvalidInputException.class,
                () -> RollbackGuard.on(registry).signingKey(service).build())
            .input());
    assertEquals(
        Input.SIGNING_KEY,
        assertThrows(
                InvalidInputException.class, () -> RollbackGuard.on(registry).model(MODEL).build())
            .input());
    assertEquals(
        Input.SIGNING_KEY,
        assertThrows(
                InvalidInputException.class,
                () ->
                    RollbackGuard.on(registry)
                        .model(MODEL)
                        .signingKey(dir.resolve("keys/none"))
                        .build())
            .input());
    assertEquals(
        Input.ENVIRONMENT,
        assertThrows(
                InvalidInputException.class,
                () ->
                    RollbackGuard.on(registry)
                        .model(MODEL)
                        .environment("paper")
                        .signingKey(service)
                        .build())
            .input());
    Path stranger = dir.resolve("keys/stranger");
    dev.modelregistry.git.signing.SshKeys.generateEd25519(stranger, "stranger@example.com");
    RegistryRefusedException untrusted =
        assertThrows(
            RegistryRefusedException.class,
            () -> RollbackGuard.on(registry).model(MODEL).signingKey(stranger).build());
    assertTrue(untrusted.getMessage().contains("is not a trusted signer"), untrusted.getMessage());
    try (RollbackGuard g = guard(false)) {
      assertThrows(IllegalStateException.class, () -> g.observe(hour(0), -0.01));
      g.modelLoaded("v1.0.0");
      assertThrows(InvalidInputException.class, () -> g.observe(hour(0), Double.NaN));
    }
  }

  @Test
  void aGuardOpeningItsOwnRegistryActsAsOne() {
    registryWith(SEEDS, "v1.0.0", "v1.1.0");
    try (RollbackGuard g =
        RollbackGuard.open(registry.directory().toString(), RegistryOptions.defaults())
            .model(MODEL)
            .signingKey(service)
            .clock(clock)
            .build()) {
      g.modelLoaded("v1.1.0");
      GuardAction a = feed(g, 0, repeat(10, -0.001)).orElseThrow();
      assertRolledBack(a, "v1.1.0", "v1.0.0", "automatic: 10 consecutive losses");
    }
  }
}
