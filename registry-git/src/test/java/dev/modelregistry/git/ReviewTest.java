package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static dev.modelregistry.git.TestRegistry.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.ConcurrentChangeException;
import dev.modelregistry.git.errors.UntrustedHistoryException;
import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotions that need reviewers' approvals. */
class ReviewTest {
  @TempDir Path dir;
  Registry registry;
  Path ops;
  Path alice;
  Path bob;

  Registry withApprovals(int required) throws Exception {
    ops = dir.resolve("keys/ops");
    alice = dir.resolve("keys/alice");
    bob = dir.resolve("keys/bob");
    List<String> signers =
        List.of(
            TrustedSigners.line("ops@example.com", SshKeys.generateEd25519(ops, "ops")),
            TrustedSigners.line("alice@example.com", SshKeys.generateEd25519(alice, "alice")),
            TrustedSigners.line("bob@example.com", SshKeys.generateEd25519(bob, "bob")));
    Path file = dir.resolve("registry.yaml");
    Files.writeString(
        file,
        "format_version: 1\nenvironments:\n  production:\n    required_approvals: "
            + required
            + "\n    gates: {metrics: {sharpe: \"> 0.5\"}}\nsigners:\n"
            + signers.stream().map(s -> "- \"" + s + "\"\n").reduce("", String::concat));
    Registry r =
        Registry.init(
            dir.resolve("registry.git").toString(),
            SafeMapper.read(file, Policy.class),
            TestRegistry.TESTER,
            CommitSigner.sshKey(ops));
    for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0")) {
      register(r, dir, "risk_model", v, 0.05, 1.2);
    }
    return r;
  }

  @AfterEach
  void close() {
    if (registry != null) {
      registry.close();
    }
  }

  private ApproveCommand.Approval approve(String version, Path key) {
    return registry.approve().model("risk_model").version(version).signingKey(key).call();
  }

  private String production() {
    return registry.history().model("risk_model").call().entries().get(0).record().version();
  }

  @Test
  void twoApprovalsFromOthersThanThePromoterMoveProduction() throws Exception {
    registry = withApprovals(2);
    Promotion p = registry.promote().model("risk_model").version("v1.0.0").signingKey(ops).call();
    assertTrue(p.awaitingReview());
    assertEquals("promotion/risk_model/v1.0.0", p.branch());
    assertNull(registry.tip("production"), "nothing reaches production before review");

    RegistryRefusedException self =
        assertThrows(RegistryRefusedException.class, () -> approve("v1.0.0", ops));
    assertTrue(self.getMessage().contains("cannot approve it"), self.getMessage());
    ApproveCommand.Approval first = approve("v1.0.0", alice);
    assertFalse(first.merged());
    assertEquals(List.of("alice@example.com"), new ArrayList<>(first.approvers()));
    assertTrue(
        assertThrows(RegistryRefusedException.class, () -> approve("v1.0.0", alice))
            .getMessage()
            .contains("already approved"));
    ApproveCommand.Approval second = approve("v1.0.0", bob);
    assertTrue(second.merged());
    assertEquals("v1.0.0", production());
    assertNull(
        registry.tip("promotion/risk_model/v1.0.0"), "the promotion branch is gone once merged");
    String log =
        run(
            registry.directory(),
            "git",
            "log",
            "--format=%(trailers:key=Registry-Action,valueonly)",
            "production");
    assertEquals(3, log.lines().filter(l -> !l.isBlank()).count(), log);
  }

  @Test
  void aReviewedPromotionIsLiveFromTheApprovalThatCompletedItNotFromWhenItWasPrepared()
      throws Exception {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2025-01-15T08:00:00Z"));
    registry = withApprovals(2).withClock(clock);
    registry.promote().model("risk_model").version("v1.0.0").signingKey(ops).call();
    approve("v1.0.0", alice);
    java.time.Instant firstLive = clock.instant();
    approve("v1.0.0", bob); // v1.0.0 live from 08:00
    clock.advance(java.time.Duration.ofHours(1));
    registry
        .promote()
        .model("risk_model")
        .version("v1.1.0")
        .signingKey(ops)
        .call(); // prepared at 09:00
    clock.advance(java.time.Duration.ofMinutes(30));
    approve("v1.1.0", alice); // 09:30, still one approval short
    clock.advance(java.time.Duration.ofMinutes(30));
    approve("v1.1.0", bob); // 10:00: live now

    pointInTimeAnswersFollowTheApprovals(firstLive);
    assertTrue(
        Files.readString(registry.stateDirectory().resolve("verified")).contains(" approve\n"),
        "the verified cache remembers which commits are approvals, so the answers above read no commit");

    // a cache written before it remembered parents and times: the same answers, from the commits
    Path cache = registry.stateDirectory().resolve("verified");
    Files.write(
        cache,
        Files.readAllLines(cache).stream()
            .map(l -> String.join(" ", java.util.Arrays.copyOf(l.split(" "), 3)))
            .toList());
    registry.close();
    registry = Registry.open(dir.resolve("registry.git").toString());
    pointInTimeAnswersFollowTheApprovals(firstLive);
  }

  private void pointInTimeAnswersFollowTheApprovals(java.time.Instant firstLive) {
    java.util.function.Supplier<HistoryCommand> h =
        () -> registry.history().model("risk_model"); // each runs once
    for (String[] q :
        new String[][] {
          {"2025-01-15T09:00:00Z", "v1.0.0"},
          {"2025-01-15T09:45:00Z", "v1.0.0"},
          {"2025-01-15T10:00:00Z", "v1.1.0"},
          {"2025-01-15T12:00:00Z", "v1.1.0"}
        }) {
      java.time.Instant t = java.time.Instant.parse(q[0]);
      assertEquals(
          q[1], h.get().at(t).inForce().orElseThrow().record().version(), "in force at " + t);
      assertEquals(
          q[1],
          h.get().at(t).call().inForce().orElseThrow().record().version(),
          "full history, in force at " + t);
    }
    assertTrue(
        h.get().at(java.time.Instant.parse("2025-01-15T07:59:00Z")).inForce().isEmpty(),
        "nothing before the first went live");
    List<HistoryEntry> entries = h.get().call().entries();
    assertEquals(
        List.of(java.time.Instant.parse("2025-01-15T10:00:00Z"), firstLive),
        entries.stream().map(HistoryEntry::at).toList());
    assertEquals(
        List.of("promote", "promote"), entries.stream().map(HistoryEntry::action).toList());
    assertEquals(
        "ops@example.com",
        entries.get(0).signer(),
        "the promoter is who put it there; approvals are separate commits");
  }

  @Test
  void aPromotionPreparedOnAnOlderProductionIsNotMergedBlindly() throws Exception {
    registry = withApprovals(1);
    registry.promote().model("risk_model").version("v1.0.0").signingKey(ops).call();
    registry
        .promote()
        .model("risk_model")
        .version("v1.1.0")
        .signingKey(ops)
        .call(); // prepared on empty production
    approve("v1.0.0", alice);
    assertEquals("v1.0.0", production());
    ConcurrentChangeException stale =
        assertThrows(ConcurrentChangeException.class, () -> approve("v1.1.0", bob));
    assertTrue(stale.getMessage().contains("runs promote again"), stale.getMessage());
    registry
        .promote()
        .model("risk_model")
        .version("v1.1.0")
        .signingKey(ops)
        .call(); // prepared again, on v1.0.0
    assertTrue(approve("v1.1.0", bob).merged());
    assertEquals("v1.1.0", production());
    assertEquals(
        "v1.0.0",
        registry
            .rollback()
            .model("risk_model")
            .reason("no review needed to go back")
            .signingKey(ops)
            .call()
            .to()
            .version(),
        "rollbacks are not held up by review");
  }

  @Test
  void twoReviewersRacingProduceOneMergeAndOneExplainedRefusal() throws Exception {
    registry = withApprovals(1);
    registry.promote().model("risk_model").version("v1.0.0").signingKey(ops).call();
    List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (Path key : List.of(alice, bob)) {
      threads.add(
          new Thread(
              () -> {
                try {
                  outcomes.add(approve("v1.0.0", key));
                } catch (RegistryRefusedException e) {
                  outcomes.add(e.getMessage());
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(
        1,
        outcomes.stream().filter(o -> o instanceof ApproveCommand.Approval a && a.merged()).count(),
        outcomes.toString());
    assertEquals(
        1,
        outcomes.stream()
            .filter(o -> o instanceof String s && s.contains("no promotion waiting"))
            .count(),
        outcomes.toString());
    assertEquals("v1.0.0", production());
  }

  @Test
  void twoPromotersRacingFromTheSameBaseBothPrepareAndOnlyOneMergesAsIs() throws Exception {
    registry = withApprovals(1);
    List<Thread> threads = new ArrayList<>();
    for (String v : List.of("v1.1.0", "v1.2.0")) {
      threads.add(
          new Thread(
              () -> registry.promote().model("risk_model").version(v).signingKey(ops).call()));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(approve("v1.1.0", alice).merged());
    assertThrows(
        ConcurrentChangeException.class,
        () -> approve("v1.2.0", alice),
        "the other saw production move");
    assertEquals("v1.1.0", production());
  }

  @Test
  void aSelfApprovedOrUnderApprovedPromotionOnProductionIsRefused() throws Exception {
    registry = withApprovals(1);
    Promotion p = registry.promote().model("risk_model").version("v1.0.0").signingKey(ops).call();
    // 1. pushed to production without approval
    run(registry.directory(), "git", "update-ref", "refs/heads/production", p.commit());
    UntrustedHistoryException missing =
        assertThrows(UntrustedHistoryException.class, this::production);
    assertTrue(missing.getMessage().contains("0 of the 1 approval(s)"), missing.getMessage());
    assertTrue(
        registry.verify().call().findings().stream()
            .anyMatch(f -> f.problem().contains("0 of the 1 approval(s)")));
    // 2. approved by the promoter himself, by hand
    ObjectId selfApproval;
    try (ObjectInserter ins = registry.repository().newObjectInserter();
        RevWalk w = new RevWalk(registry.repository())) {
      RevCommit promotion = w.parseCommit(ObjectId.fromString(p.commit()));
      Trailers t =
          Trailers.of(Trailers.ACTION, "approve")
              .with(Trailers.MODEL, "risk_model")
              .with(Trailers.VERSION, "v1.0.0")
              .with(Trailers.APPROVES, p.commit())
              .with(Trailers.CATALOG, registry.tip("main").name());
      selfApproval =
          BranchWriter.commit(
              registry.repository(),
              CommitSigner.sshKey(ops),
              ins,
              promotion.getTree(),
              promotion,
              new org.eclipse.jgit.lib.PersonIdent("Ops", "ops@example.com"),
              t.message("Approve", null));
    }
    run(registry.directory(), "git", "update-ref", "refs/heads/production", selfApproval.name());
    UntrustedHistoryException self =
        assertThrows(UntrustedHistoryException.class, this::production);
    assertTrue(self.getMessage().contains("self-approval"), self.getMessage());
    assertTrue(
        registry.verify().call().findings().stream()
            .anyMatch(f -> f.problem().contains("self-approval")));
  }
}
