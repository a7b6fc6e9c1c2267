package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningTest {
  @TempDir Path dir;

  static RevCommit signedCommit(Repository repo, CommitSigner signer, String email)
      throws Exception {
    try (ObjectInserter ins = repo.newObjectInserter();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId tree = new TreeEdit().put("a.txt", "a").apply(ins.newReader(), ins, null);
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(tree);
      PersonIdent who = new PersonIdent("Ops", email);
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage("signed\n");
      if (signer != null) {
        signer.sign(repo, c, who);
      }
      ObjectId id = ins.insert(c);
      ins.flush();
      BranchWriter.compareAndSwap(repo, "main", repo.resolve("refs/heads/main"), id, "test");
      return walk.parseCommit(id);
    }
  }

  @Test
  void signingWorksWhenAnotherClassLoaderRegisteredItsBouncyCastleFirst() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                TwoClassLoadersProcess.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    String root =
        out.lines()
            .filter(l -> l.startsWith("root "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(out))
            .substring(5);
    // the commit is signed by the key this loader made, as git itself checks it
    Path allowed =
        java.nio.file.Files.writeString(
            dir.resolve("allowed"),
            "ops@example.com " + SshKeys.publicKeyOf(dir.resolve("ops-key")));
    String verified =
        TestRegistry.run(
            dir.resolve("registry"),
            "git",
            "-c",
            "gpg.ssh.allowedSignersFile=" + allowed,
            "log",
            "-1",
            "--format=%G? %GS",
            root);
    assertEquals("G ops@example.com", verified.strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "rsa"})
  void jgitAndTheGitCliAcceptOurSignaturesFromTrustedKeysOnly(String type) throws Exception {
    Path key = dir.resolve("key");
    String pub =
        type.equals("rsa")
            ? SshKeys.generateRsa(key, "ops", 3072)
            : SshKeys.generateEd25519(key, "ops");
    assertEquals(pub, SshKeys.publicKeyOf(key));
    Path other = dir.resolve("other");
    String otherPub = SshKeys.generateEd25519(other, "intruder");
    try (Repository repo = FileRepositoryBuilder.create(dir.resolve("r.git").toFile())) {
      repo.create(true);
      TrustedSigners trusted =
          new TrustedSigners(List.of(TrustedSigners.line("ops@example.com", pub)));
      SignatureCheck check = new SignatureCheck(dir.resolve("trust"));

      RevCommit good = signedCommit(repo, CommitSigner.sshKey(key), "ops@example.com");
      SignatureCheck.Outcome ok = check.check(repo, good, trusted);
      assertTrue(ok.ok(), ok.problem());
      assertEquals("ops@example.com", ok.principal());
      assertEquals(SshKeys.fingerprint(pub), ok.fingerprint());
      String cli =
          TestRegistry.run(
              repo.getDirectory().toPath(),
              "git",
              "-c",
              "gpg.ssh.allowedSignersFile=" + trusted.file(dir.resolve("trust")),
              "log",
              "-1",
              "--format=%G? %GS",
              good.name());
      assertEquals("G ops@example.com", cli.strip());

      RevCommit intruder = signedCommit(repo, CommitSigner.sshKey(other), "ops@example.com");
      SignatureCheck.Outcome bad = check.check(repo, intruder, trusted);
      assertFalse(bad.ok());
      assertTrue(bad.problem().contains(SshKeys.fingerprint(otherPub)), bad.problem());

      RevCommit unsigned = signedCommit(repo, null, "ops@example.com");
      assertEquals("is not signed", check.check(repo, unsigned, trusted).problem());

      RevCommit impostor = signedCommit(repo, CommitSigner.sshKey(key), "ceo@example.com");
      assertTrue(
          check
              .check(repo, impostor, trusted)
              .problem()
              .contains("claims committer ceo@example.com"));
    }
  }

  /** A key made by ssh-keygen with a passphrase, as people keep their personal keys. */
  private Path protectedKey(String passphrase) {
    Path key = dir.resolve("protected");
    TestRegistry.run(
        dir,
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        passphrase,
        "-C",
        "ops@example.com",
        "-f",
        key.toString());
    return key;
  }

  @Test
  void aPassphraseProtectedKeySignsWithItsPassphraseAndGitAcceptsTheSignature() throws Exception {
    Path key = protectedKey("correct horse");
    String pub =
        SshKeys.normalizePublicKey(java.nio.file.Files.readString(dir.resolve("protected.pub")));
    CommitSigner signer = CommitSigner.sshKey(key, "correct horse".toCharArray());
    assertEquals(pub, signer.publicKey());
    try (Repository repo = FileRepositoryBuilder.create(dir.resolve("r.git").toFile())) {
      repo.create(true);
      TrustedSigners trusted =
          new TrustedSigners(List.of(TrustedSigners.line("ops@example.com", pub)));
      RevCommit signed = signedCommit(repo, signer, "ops@example.com");
      String cli =
          TestRegistry.run(
              repo.getDirectory().toPath(),
              "git",
              "-c",
              "gpg.ssh.allowedSignersFile=" + trusted.file(dir.resolve("trust")),
              "log",
              "-1",
              "--format=%G? %GS",
              signed.name());
      assertEquals("G ops@example.com", cli.strip());
    }
  }

  @Test
  void aProtectedKeyWithoutItsPassphraseOrWithAWrongOneIsAClearRefusal() {
    Path key = protectedKey("correct horse");
    var noTerminal =
        new dev.modelregistry.git.signing.EnvironmentPassphrases(
            java.util.Map.of(), null); // as under mvn -B
    dev.modelregistry.model.InvalidInputException none =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.modelregistry.model.InvalidInputException.class,
            () -> CommitSigner.sshKey(key, noTerminal));
    assertTrue(
        none.getMessage().contains("is protected by a passphrase, and none was given")
            && none.getMessage().contains("not in batch mode")
            && none.getMessage()
                .contains(dev.modelregistry.git.signing.EnvironmentPassphrases.SIGNING),
        none.getMessage());
    dev.modelregistry.model.InvalidInputException wrong =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.modelregistry.model.InvalidInputException.class,
            () -> CommitSigner.sshKey(key, "battery staple".toCharArray()));
    assertTrue(
        wrong.getMessage().contains("did not open with the passphrase given"), wrong.getMessage());
    assertFalse(wrong.getMessage().contains("battery staple"), "the passphrase never shows");
  }

  @Test
  void aBuildGivesThePassphraseInTheEnvironment() throws Exception {
    Path key = protectedKey("correct horse");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                TwoClassLoadersProcess.class.getName(),
                dir.toString(),
                key.toString())
            .redirectErrorStream(true);
    pb.environment()
        .put(dev.modelregistry.git.signing.EnvironmentPassphrases.SIGNING, "correct horse");
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    String root =
        out.lines()
            .filter(l -> l.startsWith("root "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(out))
            .substring(5);
    Path allowed =
        java.nio.file.Files.writeString(
            dir.resolve("allowed"),
            "ops@example.com "
                + SshKeys.normalizePublicKey(
                    java.nio.file.Files.readString(dir.resolve("protected.pub"))));
    assertEquals(
        "G ops@example.com",
        TestRegistry.run(
                dir.resolve("registry"),
                "git",
                "-c",
                "gpg.ssh.allowedSignersFile=" + allowed,
                "log",
                "-1",
                "--format=%G? %GS",
                root)
            .strip());
  }
}
