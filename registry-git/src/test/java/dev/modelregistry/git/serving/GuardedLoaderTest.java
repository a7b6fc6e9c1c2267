package dev.modelregistry.git.serving;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.GuardAction;
import dev.modelregistry.git.MutableClock;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.RollbackGuard;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RollbackTriggers;
import dev.modelregistry.model.TimeSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader wired to a {@link RollbackGuard}: the service's smoke check throwing on the live
 * version is an automatic, signed rollback by the service's key, which the loader then follows.
 */
class GuardedLoaderTest {
  @TempDir Path dir;

  @Test
  void aCallbackThatThrowsOnTheLiveVersionRollsItBackAndTheLoaderFollows() throws Exception {
    Path ops = dir.resolve("keys/ops");
    Path service = dir.resolve("keys/service");
    String opsPub = SshKeys.generateEd25519(ops, "ops@example.com");
    String servicePub = SshKeys.generateEd25519(service, "signal-service@example.com");
    Policy d =
        Policy.defaults(
            List.of(
                TrustedSigners.line("ops@example.com", opsPub),
                TrustedSigners.line("signal-service@example.com", servicePub)));
    RollbackTriggers onLoadFailure =
        new RollbackTriggers(
            new RollbackTriggers.SharpeBelow(1.0, TimeSpan.parse("24h")), 0.25, 10, true);
    Policy p =
        new Policy(
            d.formatVersion(),
            d.versions(),
            Map.of(
                Policy.PRODUCTION,
                d.environment(Policy.PRODUCTION).withRollbackTriggers(onLoadFailure)),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            d.retention(),
            d.store(),
            d.backups());
    MutableClock clock = new MutableClock(Instant.parse("2025-01-15T08:00:00Z"));
    List<GuardAction> actions = new CopyOnWriteArrayList<>();
    List<String> handed = new CopyOnWriteArrayList<>();
    try (Registry registry =
        Registry.init(
                dir.resolve("registry.git").toString(),
                p,
                TestRegistry.TESTER,
                CommitSigner.sshKey(ops))
            .withClock(clock)) {
      for (String v : List.of("v1.0.0", "v1.1.0")) {
        register(registry, dir, "risk_model", v, 0.05, 1.2);
        clock.advance(Duration.ofHours(1));
        registry.promote().model("risk_model").version(v).reason("retrain").signingKey(ops).call();
      }
      try (RollbackGuard guard =
              RollbackGuard.on(registry)
                  .model("risk_model")
                  .signingKey(service)
                  .clock(clock)
                  .listener(actions::add)
                  .build();
          ModelLoader loader =
              ModelLoader.follow(registry.directory().toString())
                  .model("risk_model")
                  .options(RegistryOptions.in(dir.resolve("loader-cache")))
                  .pollInterval(Duration.ofMillis(20))
                  .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                  .onModel(
                      m -> {
                        if (m.version().value().equals("v1.1.0")) {
                          throw new IllegalStateException("smoke check: no weights in the file");
                        }
                        handed.add(m.version().value());
                      })
                  .listener(LoaderListener.feeding(guard))
                  .start()) {
        assertEquals(
            "v1.0.0",
            loader.awaitModel(Duration.ofSeconds(20)).orElseThrow().version().value(),
            "the guard rolled v1.1.0 back and the loader followed; actions " + actions);
        HistoryEntry last = registry.history().model("risk_model").call().entries().get(0);
        assertEquals("v1.0.0", last.record().version());
        GuardAction a = actions.get(0);
        assertEquals(GuardAction.Outcome.ROLLED_BACK, a.outcome(), a.toString());
        assertEquals("v1.1.0", a.version());
        assertTrue(a.reason().contains("no weights in the file"), a.reason());
        assertEquals(1, actions.size(), "one incident, one rollback: " + actions);
        assertEquals(List.of("v1.0.0"), handed);
      }
    }
  }
}
