package dev.modelregistry.git.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.junit.jupiter.api.Test;

/** The warm-up's rehearsal of opening a key and signing: it signs checkably and writes nothing. */
class SshKeysRehearsalTest {
  @Test
  void rehearsalSignsWithTheKeyItReadsBackAndLeavesNoFile() throws Exception {
    Path home = Path.of(System.getProperty("user.home"));
    List<Path> homeBefore = listing(home);

    SshKeys.Rehearsal first = SshKeys.rehearse();
    SshKeys.Rehearsal second = SshKeys.rehearse();

    assertTrue(verifies(first));
    assertTrue(verifies(second));
    assertNotEquals(first.publicKey(), second.publicKey(), "each rehearsal makes a key of its own");
    assertTrue(
        new String(first.data(), StandardCharsets.US_ASCII)
            .startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"),
        "what is signed is the key as written in OpenSSH's format, then read back");
    byte[] tampered = first.data().clone();
    tampered[tampered.length / 2] ^= 1;
    assertFalse(
        verifies(new SshKeys.Rehearsal(first.publicKey(), tampered, first.signature())),
        "the check below can fail");

    assertEquals(homeBefore, listing(home), "no key file, no known_hosts, nothing in the home");
  }

  private static boolean verifies(SshKeys.Rehearsal r) throws Exception {
    Signature checker = BuiltinSignatures.ed25519.create();
    checker.initVerifier(null, r.publicKey());
    checker.update(null, r.data());
    return checker.verify(null, r.signature());
  }

  private static List<Path> listing(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
