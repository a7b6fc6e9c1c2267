package dev.modelregistry.git;

import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.EnvironmentPassphrases;
import dev.modelregistry.git.signing.MinaProviders;
import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * {@code JdkEd25519Process <repo> <key> <public key line>|new [jdk]}: in a JVM of its own, as the
 * CLI runs, signs one commit on {@code main} of a new repository with the key (a protected key's
 * passphrase from the environment) and checks it against the public key, then prints {@code commit
 * <id>}, {@code checked <principal>} and {@code bc <whether MINA registered BouncyCastle>}. With
 * {@code jdk}, MINA is first told to take Ed25519 from the JDK.
 */
public final class JdkEd25519Process {
  private JdkEd25519Process() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    if (args.length > 3 && args[3].equals("jdk")) {
      MinaProviders.useJdkEd25519();
    }
    Path dir = Path.of(args[0]);
    String trustedKey =
        args[2].equals("new") ? SshKeys.generateEd25519(Path.of(args[1]), "ops") : args[2];
    try (Repository repo = FileRepositoryBuilder.create(dir.toFile())) {
      repo.create(true);
      RevCommit commit =
          SigningTest.signedCommit(
              repo,
              CommitSigner.sshKey(
                  Path.of(args[1]), new EnvironmentPassphrases(System.getenv(), null)),
              "ops@example.com");
      TrustedSigners trusted =
          new TrustedSigners(List.of(TrustedSigners.line("ops@example.com", trustedKey)));
      SignatureCheck.Outcome outcome =
          new SignatureCheck(dir.resolveSibling(dir.getFileName() + "-trust"))
              .check(repo, commit, trusted);
      System.out.println("commit " + commit.name());
      System.out.println("checked " + (outcome.ok() ? outcome.principal() : outcome.problem()));
    }
    System.out.println("bc " + (SecurityUtils.getRegisteredProvider("BC") != null));
    System.out.println("millis " + (System.nanoTime() - start) / 1_000_000);
  }
}
