package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static dev.modelregistry.git.TestRegistry.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.UntrustedHistoryException;
import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under review, a rollback-only signer is no reviewer: the writer refuses its approval, and an
 * approval signed with its key by hand never counts towards the approvals a promotion, or a change
 * of the policy, needs.
 */
class RollbackRoleApprovalTest {
  static final String SERVICE = "signal-service@example.com";

  @TempDir Path dir;
  Registry registry;
  Path ops;
  Path alice;
  Path service;

  @BeforeEach
  void setUp() throws Exception {
    ops = dir.resolve("keys/ops");
    alice = dir.resolve("keys/alice");
    service = dir.resolve("keys/service");
    List<String> signers =
        List.of(
            TrustedSigners.line("ops@example.com", SshKeys.generateEd25519(ops, "ops")),
            TrustedSigners.line("alice@example.com", SshKeys.generateEd25519(alice, "alice")),
            TrustedSigners.line(SERVICE, SshKeys.generateEd25519(service, "service")));
    Path file = dir.resolve("registry.yaml");
    Files.writeString(
        file,
        "format_version: 1\nenvironments:\n  production:\n    required_approvals: 1"
            + "\n    gates: {metrics: {sharpe: \"> 0.5\"}}\nsigners:\n"
            + signers.stream().map(s -> "- \"" + s + "\"\n").reduce("", String::concat)
            + "roles:\n  \""
            + SERVICE
            + "\": [rollback]\n"
            + "policy_changes:\n  required_approvals: 1\n");
    registry =
        Registry.init(
            dir.resolve("registry.git").toString(),
            SafeMapper.read(file, Policy.class),
            TestRegistry.TESTER,
            CommitSigner.sshKey(ops));
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private String production() {
    return registry.history().model("risk_model").call().entries().get(0).record().version();
  }

  @Test
  void theWriterRefusesItsApprovalAndAReviewerStillCan() {
    Promotion p = registry.promote().model("risk_model").version("v1.0.0").signingKey(ops).call();
    assertTrue(p.awaitingReview());
    ObjectId waiting = registry.tip(p.branch());
    RegistryRefusedException refused =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .approve()
                    .model("risk_model")
                    .version("v1.0.0")
                    .signingKey(service)
                    .call());
    assertTrue(refused.getMessage().contains("whose role is rollback only"), refused.getMessage());
    assertTrue(refused.getMessage().contains("release manager's key"), refused.getMessage());
    assertEquals(waiting, registry.tip(p.branch()), "nothing was written");
    assertTrue(
        registry.approve().model("risk_model").version("v1.0.0").signingKey(alice).call().merged());
    assertEquals("v1.0.0", production());
  }

  @Test
  void anApprovalSignedByHandWithItsKeyNeverCounts() throws Exception {
    Promotion p = registry.promote().model("risk_model").version("v1.0.0").signingKey(ops).call();
    ObjectId approval;
    try (ObjectInserter ins = registry.repository().newObjectInserter();
        RevWalk w = new RevWalk(registry.repository())) {
      RevCommit promotion = w.parseCommit(ObjectId.fromString(p.commit()));
      Trailers t =
          Trailers.of(Trailers.ACTION, "approve")
              .with(Trailers.MODEL, "risk_model")
              .with(Trailers.VERSION, "v1.0.0")
              .with(Trailers.APPROVES, p.commit())
              .with(Trailers.ENVIRONMENT, "production")
              .with(Trailers.CATALOG, registry.tip("main").name());
      approval =
          BranchWriter.commit(
              registry.repository(),
              CommitSigner.sshKey(service),
              ins,
              promotion.getTree(),
              promotion,
              new org.eclipse.jgit.lib.PersonIdent("Service", SERVICE),
              t.message("Approve", null));
    }
    // pushed to production as if the review were complete
    run(registry.directory(), "git", "update-ref", "refs/heads/production", approval.name());
    UntrustedHistoryException read =
        assertThrows(UntrustedHistoryException.class, this::production);
    assertEquals(p.commit(), read.commit());
    assertTrue(read.getMessage().contains("0 of the 1 approval(s)"), read.getMessage());
    assertTrue(read.getMessage().contains("the approval by " + SERVICE), read.getMessage());
    assertTrue(
        registry.verify().call().findings().stream()
            .anyMatch(f -> f.problem().contains("whose role is rollback only")),
        registry.verify().call().findings().toString());

    // the forged state undone, a reviewer's approval moves production as usual
    run(registry.directory(), "git", "update-ref", "-d", "refs/heads/production");
    assertTrue(
        registry.approve().model("risk_model").version("v1.0.0").signingKey(alice).call().merged());
    assertEquals("v1.0.0", production());
  }

  @Test
  void itsApprovalOfAPolicyChangeNeverBringsTheChangeIntoForce() {
    Path bob = dir.resolve("keys/bob");
    registry
        .trust()
        .principal("bob@example.com")
        .publicKey(SshKeys.generateEd25519(bob, "bob"))
        .signingKey(ops)
        .call();
    String change = registry.tip("main").name();
    assertFalse(bobTrusted(), "the change waits for an approval");
    RegistryRefusedException refused =
        assertThrows(
            RegistryRefusedException.class,
            () -> registry.approvePolicyChange().change(change).signingKey(service).call());
    assertTrue(refused.getMessage().contains("whose role is rollback only"), refused.getMessage());
    assertEquals(change, registry.tip("main").name(), "nothing was written");

    // approved by hand with the service key: it does not count
    GitWorkTree clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
    clone.git("checkout", "-q", "main");
    clone.git(
        "-c",
        "user.email=" + SERVICE,
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + service,
        "commit",
        "-q",
        "--allow-empty",
        "-S",
        "-m",
        "Approve policy change\n\nRegistry-Action: approve-policy\nRegistry-Approves: " + change);
    clone.git("push", "-q", "origin", "main");
    assertFalse(bobTrusted(), "an approval by a rollback-only signer never counts");
    assertTrue(registry.approvePolicyChange().change(change).signingKey(alice).call().inForce());
    assertTrue(bobTrusted());
  }

  private boolean bobTrusted() {
    return registry.policy().signers().stream().anyMatch(l -> l.startsWith("bob@example.com "));
  }
}
