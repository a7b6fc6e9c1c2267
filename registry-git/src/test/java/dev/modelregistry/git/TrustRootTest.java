package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.errors.UntrustedPolicyException;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.RegistryRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry that register created has no root of trust until someone adopts it, explicitly. */
class TrustRootTest {
  @TempDir Path dir;
  Registry registry;
  Path ops;

  @BeforeEach
  void setUp() {
    registry =
        Registry.openOrInit(
            dir.resolve("registry.git").toString()); // what register does on an empty path
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    ops = dir.resolve("keys/ops");
    SshKeys.generateEd25519(ops, "ops");
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void anOrdinaryTrustDoesNotMakeItsSignerTheOwner() {
    Path mallory = dir.resolve("keys/mallory");
    String pub = SshKeys.generateEd25519(mallory, "mallory");
    RegistryRefusedException e =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .trust()
                    .principal("mallory@example.com")
                    .publicKey(pub)
                    .signingKey(mallory)
                    .call());
    assertTrue(
        e.getMessage().contains("no root of trust") && e.getMessage().contains("Adopt it"),
        e.getMessage());
    assertTrue(registry.policy().signers().isEmpty());
  }

  @Test
  void anAdoptionIsTheRootOfTrustThatVerifyPins() {
    AdoptCommand.Adoption a = registry.adopt().principal("ops@example.com").signingKey(ops).call();
    String fingerprint = SshKeys.fingerprint(SshKeys.publicKeyOf(ops));
    assertEquals(fingerprint, a.fingerprint());
    assertEquals(a.commit(), registry.rootCommit(), "the root to pin is the adoption");
    assertEquals(1, registry.policy().signers().size());
    for (String pin : new String[] {fingerprint, a.commit(), a.commit().substring(0, 10)}) {
      VerifyCommand.Report r = registry.verify().pinnedRoot(pin).call();
      assertTrue(r.clean(), pin + ": " + r.findings());
    }
    assertTrue(
        registry.verify().pinnedRoot("SHA256:AAAA").call().findings().stream()
            .anyMatch(f -> f.problem().contains("not by the pinned key")));
    // from now on it is an ordinary signed registry
    registry.promote().model("risk_model").version("v1.0.0").signingKey(ops).call();
    RegistryRefusedException again =
        assertThrows(
            RegistryRefusedException.class,
            () -> registry.adopt().principal("ops@example.com").signingKey(ops).call());
    assertTrue(again.getMessage().contains("already has a root of trust"), again.getMessage());
  }

  @Test
  void aSignerPushedIntoAnUnadoptedRegistryIsNotTrusted() throws Exception {
    Path mallory = dir.resolve("keys/mallory");
    String pub = SshKeys.generateEd25519(mallory, "mallory");
    GitWorkTree clone = GitWorkTree.clone(registry.directory(), dir.resolve("work"));
    clone.git("checkout", "-q", "main");
    Path policy = clone.dir().resolve("registry.yaml");
    Files.writeString(
        policy,
        Files.readString(policy)
            .replace(
                "signers: []",
                "signers:\n- \"" + TrustedSigners.line("ops@example.com", pub) + "\""));
    clone.git(
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + mallory,
        "commit",
        "-q",
        "-S",
        "-am",
        "I own this");
    clone.git("push", "-q", "origin", "main");
    assertTrue(registry.policy().signers().isEmpty(), "self-signed, but not an adoption");
    UntrustedPolicyException e =
        assertThrows(
            UntrustedPolicyException.class,
            () ->
                registry
                    .promote()
                    .model("risk_model")
                    .version("v1.0.0")
                    .signingKey(mallory)
                    .call());
    assertTrue(e.getMessage().contains("no root of trust"), e.getMessage());
  }
}
