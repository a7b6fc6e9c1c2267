package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.GuardAction.Outcome;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RollbackTriggers;
import dev.modelregistry.model.StorePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard against a registry over HTTP: a person's rollback landing between the guard's check and
 * its push, and a push whose answer is lost. One rollback either way.
 */
class RollbackGuardRemoteTest {
  private static final String MODEL = "risk_model";

  @TempDir Path dir;
  Path ops;
  Path service;
  MutableClock clock = new MutableClock(Instant.parse("2025-01-15T08:00:00Z"));

  @BeforeEach
  void setUp() {
    ops = dir.resolve("keys/ops");
    service = dir.resolve("keys/service");
    String opsPub = SshKeys.generateEd25519(ops, "ops@example.com");
    String servicePub = SshKeys.generateEd25519(service, "signal-service@example.com");
    Policy d =
        Policy.defaults(
            List.of(
                TrustedSigners.line("ops@example.com", opsPub),
                TrustedSigners.line("signal-service@example.com", servicePub)));
    Policy p =
        new Policy(
            d.formatVersion(),
            d.versions(),
            Map.of(
                Policy.PRODUCTION,
                d.environment(Policy.PRODUCTION)
                    .withRollbackTriggers(new RollbackTriggers(null, null, 3, true))),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            d.retention(),
            new StorePolicy("local", dir.resolve("shared-store").toString()));
    Registry.init(
            dir.resolve("server/reg.git").toString(),
            p,
            TestRegistry.TESTER,
            CommitSigner.sshKey(ops))
        .close();
  }

  private void promoteBoth(Registry r) {
    for (String v : List.of("v1.0.0", "v1.1.0")) {
      register(r, dir, MODEL, v, 0.05, 1.2);
      clock.advance(Duration.ofHours(1));
      r.promote().model(MODEL).version(v).signingKey(ops).call();
    }
  }

  private static long rollbacks(Registry r) {
    return r.refresh().history().model(MODEL).call().entries().stream()
        .filter(e -> "rollback".equals(e.action()))
        .count();
  }

  private RollbackGuard guard(Registry r) {
    return RollbackGuard.on(r).model(MODEL).signingKey(service).clock(clock).build();
  }

  private Instant hour(int h) {
    return Instant.parse("2025-01-16T00:00:00Z").plus(Duration.ofHours(h));
  }

  @Test
  void aPersonsRollbackLandingBeforeTheGuardsPushLeavesOneRollback() throws Exception {
    AtomicReference<Rollback> persons = new AtomicReference<>();
    try (GitHttpServer server = GitHttpServer.start(dir.resolve("server"));
        Registry r = Registry.open(server.url("reg.git"), dir.resolve("cache-service"));
        RollbackGuard g = guard(r.withClock(clock))) {
      promoteBoth(r);
      g.modelLoaded("v1.1.0");
      g.observe(hour(0), -0.01);
      g.observe(hour(1), -0.01);
      // the guard has checked that v1.1.0 runs and prepared its commit; the person's lands first
      server.beforeNextPush(
          () -> {
            try (Registry person =
                Registry.open(server.url("reg.git"), dir.resolve("cache-ops")).withClock(clock)) {
              persons.set(
                  person
                      .rollback()
                      .model(MODEL)
                      .version("v1.1.0")
                      .reason("ops: losing money")
                      .signingKey(ops)
                      .call());
            }
          });
      GuardAction a = g.observe(hour(2), -0.01).orElseThrow();
      assertEquals(Outcome.ALREADY_OUT, a.outcome(), a.summary());
      assertEquals(persons.get().commit(), a.commit(), "names the person's rollback");
      assertTrue(a.detail().contains("runs v1.0.0"), a.detail());
      assertEquals(1, rollbacks(r), "one rollback, not two");
      assertEquals("v1.0.0", r.current().model(MODEL).call().orElseThrow().version());
      assertEquals("ops: losing money", r.history().model(MODEL).call().entries().get(0).reason());
    }
  }

  @Test
  void aRollbackWhoseAnswerWasLostIsNotMadeAgainWhenTheRegistryIsBack() throws Exception {
    try (GitHttpServer server = GitHttpServer.start(dir.resolve("server"));
        Registry r = Registry.open(server.url("reg.git"), dir.resolve("cache-service"));
        RollbackGuard g = guard(r.withClock(clock))) {
      promoteBoth(r);
      g.modelLoaded("v1.1.0");
      g.observe(hour(0), -0.01);
      g.observe(hour(1), -0.01);
      server.breakPushes(1, GitHttpServer.BrokenPush.AFTER_APPLYING_THEN_DOWN);
      GuardAction lost = g.observe(hour(2), -0.01).orElseThrow();
      assertEquals(Outcome.UNAVAILABLE, lost.outcome(), lost.summary());

      server.breakPushes(0, GitHttpServer.BrokenPush.BEFORE_APPLYING); // the server is back
      clock.advance(Duration.ofSeconds(10));
      assertEquals(Optional.empty(), g.observe(hour(3), -0.01), "not before 30 seconds");
      clock.advance(RollbackGuard.RETRY_AFTER);
      GuardAction retried = g.observe(hour(4), -0.01).orElseThrow();
      assertEquals(Outcome.NOT_LIVE, retried.outcome(), retried.summary());
      assertTrue(retried.detail().contains("runs v1.0.0"), retried.detail());
      assertEquals(1, rollbacks(r), "the lost answer's rollback landed; none more");
      assertEquals(
          "signal-service@example.com", r.history().model(MODEL).call().entries().get(0).signer());
      assertEquals(Optional.empty(), g.observe(hour(5), -0.01));
    }
  }
}
