package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.ConcurrentChangeException;
import dev.modelregistry.git.errors.PushOutcomeUnknownException;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.StorePolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rollback whose answer was lost, run again, goes back one version, not two. */
class RollbackTwiceTest {
  @TempDir Path dir;
  Path key;
  Path cache;

  @BeforeEach
  void setUp() {
    key = dir.resolve("keys/ops");
    cache = dir.resolve("cache");
    String pub = SshKeys.generateEd25519(key, "ops@example.com");
    Policy d = Policy.defaults(List.of(TrustedSigners.line("ops@example.com", pub)));
    Policy p =
        new Policy(
            d.formatVersion(),
            d.versions(),
            d.environments(),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            d.retention(),
            new StorePolicy("local", dir.resolve("shared-store").toString()));
    Registry.init(
            dir.resolve("server/reg.git").toString(),
            p,
            TestRegistry.TESTER,
            CommitSigner.sshKey(key))
        .close();
  }

  private String production(Registry r) {
    return r.refresh().current().model("risk_model").call().orElseThrow().version();
  }

  /**
   * v1.0.0, v1.1.0, v1.2.0 promoted; then a rollback whose push lands but whose answer is lost, and
   * the server goes down.
   */
  private void rollbackWithLostAnswer(GitHttpServer server) {
    try (Registry r = Registry.open(server.url("reg.git"), cache)) {
      for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0")) {
        register(r, dir, "risk_model", v, 0.05, 1.2);
        r.promote().model("risk_model").version(v).signingKey(key).call();
      }
      server.breakPushes(1, GitHttpServer.BrokenPush.AFTER_APPLYING_THEN_DOWN);
      assertThrows(
          PushOutcomeUnknownException.class,
          () ->
              r.rollback()
                  .model("risk_model")
                  .version("v1.2.0")
                  .reason("losing money")
                  .signingKey(key)
                  .call());
    }
    server.breakPushes(0, GitHttpServer.BrokenPush.BEFORE_APPLYING); // the server is back
  }

  @Test
  void theSameRollbackNamingTheVersionToTakeOutDoesNothingTheSecondTime() throws Exception {
    try (GitHttpServer server = GitHttpServer.start(dir.resolve("server"))) {
      rollbackWithLostAnswer(server);
      try (Registry r = Registry.open(server.url("reg.git"), cache)) {
        Rollback again =
            r.rollback()
                .model("risk_model")
                .version("v1.2.0")
                .reason("losing money")
                .signingKey(key)
                .call();
        assertTrue(again.alreadyOut());
        assertNull(again.commit(), "nothing written");
        assertEquals("v1.1.0", again.to().version(), "what runs now");
        String tookOut = r.history().model("risk_model").call().entries().get(0).commit();
        assertEquals(
            tookOut,
            again.takenOutBy(),
            "the commit that took v1.2.0 out: the first, lost-answer rollback");
        assertEquals("v1.1.0", production(r), "one version back, not two");
      }
    }
  }

  @Test
  void aRollbackWithoutAVersionRefusesAfterOneWhoseOutcomeWasUnknown() throws Exception {
    try (GitHttpServer server = GitHttpServer.start(dir.resolve("server"))) {
      rollbackWithLostAnswer(server);
      try (Registry r = Registry.open(server.url("reg.git"), cache)) {
        ConcurrentChangeException e =
            assertThrows(
                ConcurrentChangeException.class,
                () ->
                    r.rollback().model("risk_model").reason("losing money").signingKey(key).call());
        assertTrue(
            e.getMessage().contains("ended without a known outcome")
                && e.getMessage().contains("naming v1.1.0 as the version to take out"),
            e.getMessage());
        assertEquals("v1.1.0", production(r));
        // naming the version clears it: the next plain rollback is an ordinary one again
        r.rollback()
            .model("risk_model")
            .version("v1.1.0")
            .reason("still bad")
            .signingKey(key)
            .call();
        assertEquals("v1.0.0", production(r));
        assertThrows(
            dev.modelregistry.model.RegistryRefusedException.class,
            () ->
                r.rollback()
                    .model("risk_model")
                    .reason("no earlier version")
                    .signingKey(key)
                    .call());
      }
    }
  }

  @Test
  void takingOutAVersionThatNeverRanIsRefusedWithWhatRuns() throws Exception {
    try (GitHttpServer server = GitHttpServer.start(dir.resolve("server"));
        Registry r = Registry.open(server.url("reg.git"), cache)) {
      register(r, dir, "risk_model", "v1.0.0", 0.05, 1.2);
      register(r, dir, "risk_model", "v1.1.0", 0.05, 1.2);
      r.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
      var e =
          assertThrows(
              dev.modelregistry.model.RegistryRefusedException.class,
              () ->
                  r.rollback()
                      .model("risk_model")
                      .version("v1.1.0")
                      .reason("x")
                      .signingKey(key)
                      .call());
      assertTrue(
          e.getMessage().contains("never ran in production; it runs v1.0.0 now"), e.getMessage());
    }
  }
}
