package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static dev.modelregistry.git.TestRegistry.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.store.LocalArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify finds every kind of tampering, each as a finding that names where and what to do. */
class VerifyTest {
  @TempDir Path dir;
  Registry registry;
  Path key;
  Path stranger;
  Path work;
  GitWorkTree clone;

  @BeforeEach
  void setUp() {
    key = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, key, "ops@example.com");
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
    registry.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
    registry.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
    stranger = dir.resolve("keys/stranger");
    SshKeys.generateEd25519(stranger, "mallory");
    clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
    work = clone.dir();
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private String git(String... args) {
    return clone.git(args);
  }

  private List<VerifyCommand.Finding> findings() {
    VerifyCommand.Report r = registry.verify().call();
    assertTrue(r.summary().contains("NOT verified"), r.summary());
    return r.findings();
  }

  private void assertFinding(String fragment) {
    List<VerifyCommand.Finding> f = findings();
    assertTrue(f.stream().anyMatch(x -> x.toString().contains(fragment)), f.toString());
    assertTrue(f.stream().allMatch(x -> x.fix() != null && !x.fix().isBlank()));
  }

  @Test
  void aCleanRegistryVerifies() {
    VerifyCommand.Report r = registry.verify().call();
    assertTrue(r.clean(), r.findings().toString());
    assertEquals(2, r.versions());
    assertEquals(2, r.artifacts());
    assertTrue(r.commits() >= 3 && r.objects() > 10, r.summary());
    StatusCommand.Verify last = registry.status().call().lastVerify().orElseThrow();
    assertEquals(r.summary(), last.summary(), "status shows the last verify");
    assertTrue(last.clean());
    assertEquals(java.util.Optional.of(List.of()), last.changedSince());
  }

  @Test
  void anUnsignedProductionCommit() throws Exception {
    git("checkout", "-q", "production");
    Files.writeString(work.resolve("production/notes.txt"), "hi");
    git("add", "-A");
    git("commit", "-q", "-m", "notes");
    git("push", "-q", "origin", "production");
    assertFinding("is not signed");
  }

  @Test
  void aCommitSignedByAnUntrustedKey() throws Exception {
    git("checkout", "-q", "production");
    Files.writeString(work.resolve("production/notes.txt"), "hi");
    git("add", "-A");
    git(
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + stranger,
        "commit",
        "-q",
        "-S",
        "-m",
        "x\n\nRegistry-Catalog: " + registry.tip("main").name());
    git("push", "-q", "origin", "production");
    assertFinding(SshKeys.fingerprint(SshKeys.publicKeyOf(stranger)));
  }

  @Test
  void anEditedMetadataFileOfARegisteredVersion() throws Exception {
    git("checkout", "-q", "main");
    Path meta = work.resolve("models/risk_model/v1.0.0/metadata.yaml");
    Files.writeString(meta, Files.readString(meta).replace("sharpe: 1.2", "sharpe: 3.2"));
    git("commit", "-q", "-am", "better numbers");
    git("push", "-q", "origin", "main");
    assertFinding("models/risk_model/v1.0.0/metadata.yaml");
    assertFinding("changed after it was registered");
  }

  @Test
  void anArtifactWhoseBytesChangedInTheStore() throws Exception {
    Path stored =
        ((LocalArtifactStore) registry.store())
            .pathOf(
                registry.show().model("risk_model").version("v1.1.0").call().pointer().sha256());
    stored.toFile().setWritable(true);
    byte[] b = Files.readAllBytes(stored);
    b[7] ^= 1;
    Files.write(stored, b);
    assertFinding("artifact of risk_model v1.1.0");
    assertEquals(1, findings().size());
  }

  @Test
  void aPinnedRootIsCheckedByCommitIdOrBySigningKey() throws Exception {
    String root = registry.rootCommit();
    String fingerprint = SshKeys.fingerprint(SshKeys.publicKeyOf(key));
    for (String pin : List.of(root, root.substring(0, 12), fingerprint)) {
      VerifyCommand.Report r = registry.verify().pinnedRoot(pin).call();
      assertTrue(r.clean(), pin + ": " + r.findings());
    }
    // the same URL now holds a registry made afresh by someone else, well signed by its own key
    try (Registry impostor =
        TestRegistry.createSigned(dir.resolve("impostor"), stranger, "mallory@example.com")) {
      List<VerifyCommand.Finding> byId = impostor.verify().pinnedRoot(root).call().findings();
      assertTrue(
          byId.stream().anyMatch(f -> f.toString().contains("is not the pinned root " + root)),
          byId.toString());
      List<VerifyCommand.Finding> byKey =
          impostor.verify().pinnedRoot(fingerprint).call().findings();
      assertTrue(
          byKey.stream()
              .anyMatch(f -> f.toString().contains("not by the pinned key " + fingerprint)),
          byKey.toString());
      assertTrue(
          impostor.verify().call().clean(),
          "without a pin nothing tells them apart: that is what the pin is for");
    }
    List<VerifyCommand.Finding> garbage = registry.verify().pinnedRoot("main").call().findings();
    assertTrue(
        garbage.stream().anyMatch(f -> f.toString().contains("neither a commit id")),
        garbage.toString());
  }

  @Test
  void aHistoryRewrittenByForcePush() throws Exception {
    registry.history().model("risk_model").call(); // this machine saw production's tip
    git("checkout", "-q", "production");
    git("reset", "-q", "--hard", "HEAD~1");
    git("push", "-q", "--force", "origin", "production");
    assertFinding("history was rewritten");
  }

  @Test
  void aTrustChangeSignedByAnUntrustedKey() throws Exception {
    git("checkout", "-q", "main");
    Path policy = work.resolve("registry.yaml");
    Files.writeString(
        policy,
        Files.readString(policy)
            .replace(
                "signers:\n",
                "signers:\n- \""
                    + TrustedSigners.line("mallory@example.com", SshKeys.publicKeyOf(stranger))
                    + "\"\n"));
    run(
        work,
        "git",
        "-c",
        "user.name=M",
        "-c",
        "user.email=mallory@example.com",
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + stranger,
        "commit",
        "-q",
        "-S",
        "-am",
        "trust me");
    git("push", "-q", "origin", "main");
    assertFinding("that policy is not in force");
  }

  @Test
  void aMissingObjectIsFound() throws Exception {
    String blob =
        run(registry.directory(), "git", "rev-parse", "main:models/risk_model/v1.0.0/metadata.yaml")
            .strip();
    run(registry.directory(), "git", "repack", "-q", "-a", "-d");
    // unpack everything loose, then delete one blob
    Path packDir = registry.directory().resolve("objects/pack");
    for (Path p : Files.list(packDir).filter(p -> p.toString().endsWith(".pack")).toList()) {
      Path moved = dir.resolve(p.getFileName());
      Files.move(p, moved);
      Files.deleteIfExists(Path.of(p.toString().replace(".pack", ".idx")));
      Files.deleteIfExists(Path.of(p.toString().replace(".pack", ".rev")));
      new ProcessBuilder("git", "unpack-objects", "-q")
          .directory(registry.directory().toFile())
          .redirectInput(moved.toFile())
          .start()
          .waitFor();
    }
    Files.delete(
        registry
            .directory()
            .resolve("objects")
            .resolve(blob.substring(0, 2))
            .resolve(blob.substring(2)));
    try (Registry fresh = Registry.open(registry.directory().toString())) {
      VerifyCommand.Report r = fresh.verify().call();
      assertTrue(
          r.findings().stream()
              .anyMatch(f -> f.toString().contains(blob) || f.toString().contains("missing")),
          r.findings().toString());
    }
  }
}
