package dev.modelregistry.git.internal;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Every commit of every environment branch, and of every promotion branch waiting for review,
 * verified as reads verify them (signed by a signer trusted at its catalogue, honest about what it
 * changes, gates run again, approvals present), remembering nothing; and which versions the
 * environments ever ran, for the artifact check.
 */
public final class BranchCheck {
  private BranchCheck() {}

  /** Returns how many commits were verified. */
  public static int run(VerifyRun run) {
    TrustVerifier trust = run.trust();
    Snapshot s = run.snapshot();
    try {
      for (String env : run.policy().environments().keySet()) {
        ObjectId tip = run.registry().tip(RegistryFormat.environmentBranch(env));
        if (tip == null) {
          trust.rewritten(env, null, s.reader); // a finding if this machine saw the branch
        } else if (!trust.rewritten(env, tip, s.reader)) {
          trust.verifyBranch(env, env, tip, s.reader);
          run.referenced().addAll(versionsIn(s, tip));
        }
      }
      for (Ref proposal :
          run.registry().repository().getRefDatabase().getRefsByPrefix("refs/heads/promotion/")) {
        String env = environmentOf(run, proposal);
        if (env != null) {
          trust.verifyBranch(
              env,
              Repository.shortenRefName(proposal.getName()),
              proposal.getObjectId(),
              s.reader,
              true);
        }
      }
    } catch (IOException e) {
      throw new dev.modelregistry.model.RegistryUnavailableException(
          "Cannot read the registry's branches: " + e.getMessage(), e);
    }
    return trust.cache().size() + trust.mainHistory().entries().size();
  }

  private static String environmentOf(VerifyRun run, Ref proposal) throws IOException {
    RevCommit c = run.snapshot().walk.parseCommit(proposal.getObjectId());
    String env = Trailers.of(c).get(Trailers.ENVIRONMENT);
    return env != null && run.policy().environments().containsKey(env) ? env : null;
  }

  /** {@code model/version} of every record an environment branch ever held. */
  private static java.util.Set<String> versionsIn(Snapshot s, ObjectId tip) throws IOException {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    try (RevWalk w = new RevWalk(s.reader)) {
      w.markStart(w.parseCommit(tip));
      for (RevCommit c : w) {
        Trailers t = Trailers.of(c);
        if (t.get(Trailers.MODEL) != null && t.get(Trailers.VERSION) != null) {
          out.add(t.get(Trailers.MODEL) + "/" + t.get(Trailers.VERSION));
        }
      }
    }
    return out;
  }
}
