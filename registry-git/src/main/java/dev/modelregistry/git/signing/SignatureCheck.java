package dev.modelregistry.git.signing;

import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier.SignatureVerification;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Checks one commit's SSH signature against a set of trusted signers with JGit's verifier (the same
 * {@code allowed_signers} semantics as {@code git verify-commit}), and that the committer is the
 * principal the key is trusted for: JGit does not check that, and without it a trusted key could
 * sign a commit that claims to be someone else's.
 */
public final class SignatureCheck {
  private static final java.util.concurrent.atomic.AtomicLong CHECKS =
      new java.util.concurrent.atomic.AtomicLong();

  private final Path trustDir;

  public SignatureCheck(Path trustDir) {
    this.trustDir = trustDir;
  }

  /** The outcome: {@code problem} is null when the commit is signed by a trusted key. */
  public record Outcome(String principal, String fingerprint, String problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  /**
   * How many signatures this JVM has checked: lets tests prove that verification is incremental.
   */
  public static long checksPerformed() {
    return CHECKS.get();
  }

  public Outcome check(Repository repo, RevCommit commit, TrustedSigners signers) {
    CHECKS.incrementAndGet();
    if (commit.getRawGpgSignature() == null) {
      return new Outcome(null, null, "is not signed");
    }
    if (signers.lines().isEmpty()) {
      return new Outcome(null, null, "is signed, but registry.yaml trusts no signer at that point");
    }
    Config c = new Config();
    c.setString("gpg", null, "format", "ssh");
    c.setString("gpg", "ssh", "allowedSignersFile", signers.file(trustDir).toString());
    SignatureVerification v;
    try {
      v = SignatureVerifiers.verify(repo, new GpgConfig(c), commit);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot verify commit " + commit.name() + ": " + e.getMessage(), e);
    }
    if (v == null) {
      return new Outcome(
          null, null, "carries a signature of a kind this registry does not verify (SSH only)");
    }
    String fp = v.keyFingerprint();
    if (!v.verified()) {
      return new Outcome(
          null,
          fp,
          "is signed by key "
              + fp
              + ", which is not trusted there ("
              + (v.message() == null ? "verification failed" : v.message())
              + ")");
    }
    String principal = v.keyUser() != null ? v.keyUser() : v.signer();
    String committer = commit.getCommitterIdent().getEmailAddress();
    if (principal == null || !principal.equals(committer)) {
      return new Outcome(
          principal,
          fp,
          "is signed by " + principal + " (key " + fp + ") but claims committer " + committer);
    }
    return new Outcome(principal, fp, null);
  }
}
