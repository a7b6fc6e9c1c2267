package dev.modelregistry.git.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.modelregistry.git.JdkEd25519Process;
import dev.modelregistry.git.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SSH keys and signatures with {@link MinaProviders#useJdkEd25519()}, each in a JVM of its own as
 * the CLI runs: keys of every type ssh-keygen makes, a protected one too, sign commits that git
 * itself checks, and MINA never registers BouncyCastle.
 */
class JdkEd25519Test {
  @TempDir Path dir;

  record Outcome(Path repo, String commit, String checked, boolean bouncyCastle) {}

  private Outcome sign(Path key, String trustedPublicKey, String passphrase) throws Exception {
    Path repo = dir.resolve("repo-" + System.nanoTime());
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                JdkEd25519Process.class.getName(),
                repo.toString(),
                key.toString(),
                trustedPublicKey,
                "jdk")
            .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
    if (passphrase != null) {
      pb.environment().put(EnvironmentPassphrases.SIGNING, passphrase);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    Map<String, String> said = new HashMap<>();
    out.lines()
        .filter(l -> l.matches("(commit|checked|bc) .*"))
        .forEach(l -> said.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
    return new Outcome(
        repo, said.get("commit"), said.get("checked"), Boolean.parseBoolean(said.get("bc")));
  }

  /** Makes a key with ssh-keygen and returns its public key line. */
  private String keygen(String name, String type, String passphrase) {
    TestRegistry.run(
        dir,
        "ssh-keygen",
        "-q",
        "-t",
        type,
        "-N",
        passphrase,
        "-f",
        dir.resolve(name).toString(),
        "-C",
        name);
    try {
      String[] parts = Files.readString(dir.resolve(name + ".pub")).strip().split(" ");
      return parts[0] + " " + parts[1];
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @CsvSource({"ed25519,''", "ed25519,s3cret pass", "rsa,''", "ecdsa,''"})
  void keysOfSshKeygenSignCommitsThatGitAcceptsWithoutBouncyCastle(String type, String passphrase)
      throws Exception {
    String pub = keygen("key", type, passphrase);
    Outcome o = sign(dir.resolve("key"), pub, passphrase.isEmpty() ? null : passphrase);
    assertEquals("ops@example.com", o.checked(), "our own check accepts it");
    assertFalse(o.bouncyCastle(), "MINA registered BouncyCastle");
    Path allowed = Files.writeString(dir.resolve("allowed"), "ops@example.com " + pub + "\n");
    String byGit =
        TestRegistry.run(
            o.repo(),
            "git",
            "-c",
            "gpg.ssh.allowedSignersFile=" + allowed,
            "log",
            "-1",
            "--format=%G? %GS",
            o.commit());
    assertEquals("G ops@example.com", byGit.strip(), "git checks the signature");
  }

  @Test
  void aSignatureByAKeyNotTrustedIsRefused() throws Exception {
    keygen("key", "ed25519", "");
    String other = keygen("other", "ed25519", "");
    Outcome o = sign(dir.resolve("key"), other, null);
    assertNotEquals("ops@example.com", o.checked());
    assertFalse(o.bouncyCastle());
  }

  @Test
  void aKeyTheLibraryMadeSignsAndAPublicKeyIsRecoveredFromItsPrivateKey() throws Exception {
    Outcome made = sign(dir.resolve("lib-key"), "new", null); // made by MINA on the JDK's Ed25519
    assertEquals("ops@example.com", made.checked());
    assertFalse(made.bouncyCastle());
    assertEquals(
        SshKeys.publicKeyOf(dir.resolve("lib-key")),
        TestRegistry.run(dir, "ssh-keygen", "-y", "-f", dir.resolve("lib-key").toString())
            .strip()
            .substring(0, SshKeys.publicKeyOf(dir.resolve("lib-key")).length()),
        "ssh-keygen reads the key the library wrote");
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertEquals(
        pair.getPublic(), new JdkEd25519Support().recoverEDDSAPublicKey(pair.getPrivate()));
  }
}
