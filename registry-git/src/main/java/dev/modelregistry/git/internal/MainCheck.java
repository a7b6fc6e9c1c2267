package dev.modelregistry.git.internal;

import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.TrustedSigners;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Main judged afresh: which policy is in force, a change of {@code registry.yaml} that no trusted
 * signer made (a finding while it is in the file), and, if pinned, whether the registry's root of
 * trust (its signed first commit, or its adoption) is the one the caller expects.
 */
public final class MainCheck {
  private MainCheck() {}

  public static void run(VerifyRun run, String pinnedRoot) {
    TrustVerifier trust = run.trust();
    trust.verifyMain(run.snapshot().reader);
    run.policy(trust.policyInForce(trust.mainHistory().tip()));
    untrustedPolicy(run);
    if (pinnedRoot != null) {
      try {
        rootPin(run, pinnedRoot);
      } catch (IOException e) {
        throw new dev.modelregistry.model.RegistryUnavailableException(
            "Cannot read branch main: " + e.getMessage(), e);
      }
    }
  }

  private static void untrustedPolicy(VerifyRun run) {
    TrustVerifier trust = run.trust();
    MainHistory.Entry tip = trust.mainHistory().tip();
    if (tip == null || tip.state() != MainHistory.State.UNTRUSTED) {
      return;
    }
    String c = tip.change().name();
    run.add(
        new VerifyFinding(
            "main: " + RegistryFormat.POLICY_FILE,
            c,
            "was changed by a commit that "
                + trust.notInForce(tip, run.snapshot().walk)
                + "; that policy is not in force, and promotions, approvals and"
                + " registrations are refused until it is undone",
            "git revert "
                + c
                + " and push (no signature needed to go back to"
                + " the policy in force); if the change was meant, have a trusted signer commit it signed"));
  }

  private static void rootPin(VerifyRun run, String pinnedRoot) throws IOException {
    TrustVerifier trust = run.trust();
    MainHistory.Entry root = null;
    for (MainHistory.Entry e : trust.mainHistory().entries()) {
      if (!trust.policyInForce(e).signers().isEmpty()) {
        root = e;
        break;
      }
    }
    String fix =
        "Check the registry's URL: this may be another registry. If the registry was knowingly re-created, pin its new"
            + " root (the commit id init printed, or the fingerprint of the key that signed it) after checking it out of band.";
    if (root == null) {
      run.add(
          new VerifyFinding(
              "main",
              null,
              "trusts no signer: the registry has no root of trust to match the pinned "
                  + pinnedRoot,
              "Adopt it (init with your signing key on this registry), then pin what it prints."));
      return;
    }
    if (pinnedRoot.startsWith("SHA256:")) {
      try (RevWalk w = new RevWalk(run.snapshot().reader)) {
        RevCommit first = w.parseCommit(root.commit());
        SignatureCheck.Outcome o =
            trust
                .signatures()
                .check(
                    run.registry().repository(),
                    first,
                    new TrustedSigners(trust.policyInForce(root).signers()));
        if (o.problem() != null || !pinnedRoot.equals(o.fingerprint())) {
          run.add(
              new VerifyFinding(
                  "main (root of trust)",
                  root.commit().name(),
                  "is signed by "
                      + (o.fingerprint() == null
                          ? "no trusted key (" + o.problem() + ")"
                          : "key " + o.fingerprint())
                      + ", not by the pinned key "
                      + pinnedRoot,
                  fix));
        }
      }
      return;
    }
    if (!pinnedRoot.matches("[0-9a-fA-F]{7,40}")) {
      run.add(
          new VerifyFinding(
              "pinned root",
              null,
              "'"
                  + pinnedRoot
                  + "' is neither a commit id (7 to 40 hex digits) nor a"
                  + " key fingerprint (SHA256:...)",
              "Pin the id init printed, or the signing key's SHA256 fingerprint."));
    } else if (!root.commit().name().startsWith(pinnedRoot.toLowerCase(Locale.ROOT))) {
      run.add(
          new VerifyFinding(
              "main (root of trust)",
              root.commit().name(),
              "is not the pinned root "
                  + pinnedRoot
                  + ": the registry's history starts elsewhere (rewritten under a new root, or another registry)",
              fix));
    }
  }
}
