package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static dev.modelregistry.git.TestRegistry.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.ConcurrentChangeException;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.StorePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers on two machines promote at once over HTTP, and the server lets the second one's push
 * land while the first one's waits in its hook: the first must see what the second did.
 */
class ConcurrentPromotionTest {
  @TempDir Path dir;
  Path alice;
  Path bob;
  GitHttpServer server;
  Path repo;

  @BeforeEach
  void setUp() throws Exception {
    alice = dir.resolve("keys/alice");
    bob = dir.resolve("keys/bob");
    String alicePub = SshKeys.generateEd25519(alice, "alice@example.com");
    String bobPub = SshKeys.generateEd25519(bob, "bob@example.com");
    Policy d =
        Policy.defaults(
            List.of(
                TrustedSigners.line("alice@example.com", alicePub),
                TrustedSigners.line("bob@example.com", bobPub)));
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
    repo = dir.resolve("server/reg.git");
    Registry.init(repo.toString(), p, TestRegistry.TESTER, CommitSigner.sshKey(alice)).close();
    server = GitHttpServer.start(dir.resolve("server"));
    try (Registry setup = Registry.open(server.url("reg.git"), dir.resolve("cache-setup"))) {
      for (String v : List.of("v1.3.0", "v1.4.0", "v1.5.0")) {
        register(setup, dir, "risk_model", v, 0.05, 1.2);
      }
      register(setup, dir, "other_model", "v1.0.0", 0.05, 1.2);
      setup.promote().model("risk_model").version("v1.3.0").signingKey(alice).call();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  /**
   * While Alice's push waits in the server's hook, Bob promotes {@code model} {@code version} from
   * his machine.
   */
  private void bobPromotesFirst(String model, String version, AtomicReference<Promotion> bobs) {
    server.beforeNextPush(
        () -> {
          try (Registry b = Registry.open(server.url("reg.git"), dir.resolve("cache-bob"))) {
            bobs.set(b.promote().model(model).version(version).signingKey(bob).call());
          }
        });
  }

  @Test
  void aPromotionThatFindsTheModelChangedWhenItRetriesStopsAndSaysWhoPutWhatLive()
      throws Exception {
    AtomicReference<Promotion> bobs = new AtomicReference<>();
    try (Registry a = Registry.open(server.url("reg.git"), dir.resolve("cache-alice"))) {
      bobPromotesFirst("risk_model", "v1.5.0", bobs);
      ConcurrentChangeException e =
          assertThrows(
              ConcurrentChangeException.class,
              () -> a.promote().model("risk_model").version("v1.4.0").signingKey(alice).call());
      assertTrue(
          e.getMessage().contains("risk_model is now at v1.5.0 (promoted by bob@example.com at "),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("not at v1.3.0")
              && e.getMessage().contains("Nothing was written"),
          e.getMessage());
    }
    assertEquals(
        bobs.get().commit(),
        run(repo, "git", "rev-parse", "production").strip(),
        "Bob's promotion is live, untouched");
    try (Registry check = Registry.open(server.url("reg.git"), dir.resolve("cache-check"))) {
      assertEquals("v1.5.0", check.current().model("risk_model").call().orElseThrow().version());
      assertEquals(
          2,
          check.history().model("risk_model").call().entries().size(),
          "v1.3.0 and Bob's v1.5.0; nothing of Alice's");
    }
  }

  @Test
  void aRetryAfterAnotherModelChangedStillPromotes() throws Exception {
    AtomicReference<Promotion> bobs = new AtomicReference<>();
    try (Registry a = Registry.open(server.url("reg.git"), dir.resolve("cache-alice"))) {
      bobPromotesFirst("other_model", "v1.0.0", bobs);
      Promotion p = a.promote().model("risk_model").version("v1.4.0").signingKey(alice).call();
      assertFalse(p.alreadyThere());
      assertEquals(
          bobs.get().commit(),
          run(repo, "git", "rev-parse", "production~1").strip(),
          "Alice's landed on top of Bob's");
    }
    try (Registry check = Registry.open(server.url("reg.git"), dir.resolve("cache-check"))) {
      assertEquals("v1.4.0", check.current().model("risk_model").call().orElseThrow().version());
      assertEquals("v1.0.0", check.current().model("other_model").call().orElseThrow().version());
    }
  }
}
