package dev.modelregistry.git.internal;

import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.SignedAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Registered files are added once and never changed or removed (a failure mark likewise), in every
 * commit of main, except that a signed {@code gc} commit by a trusted signer removes the whole
 * directories of the versions it names ({@link Removals}); and where the policy in force requires
 * signed registrations, every commit that registers is signed by a trusted signer.
 */
public final class ImmutabilityCheck {
  private ImmutabilityCheck() {}

  public static void run(VerifyRun run) {
    try {
      check(run);
    } catch (IOException e) {
      throw new dev.modelregistry.model.RegistryUnavailableException(
          "Cannot read branch main: " + e.getMessage(), e);
    }
  }

  private static void check(VerifyRun run) throws IOException {
    Snapshot s = run.snapshot();
    List<RevCommit> history = new ArrayList<>();
    try (RevWalk w = new RevWalk(s.reader)) {
      w.markStart(w.parseCommit(s.mainTip));
      w.forEach(history::add);
    }
    int done = 0;
    for (RevCommit c : history) {
      if (++done % 500 == 0) {
        run.progress("immutability", done, history.size());
      }
      if (c.getParentCount() == 0) {
        continue;
      }
      try (TreeWalk tw = new TreeWalk(s.reader)) {
        tw.setRecursive(true);
        tw.addTree(s.walk.parseCommit(c.getParent(0)).getTree());
        tw.addTree(c.getTree());
        tw.setFilter(
            AndTreeFilter.create(
                PathFilter.create(RegistryFormat.MODELS_DIR), TreeFilter.ANY_DIFF));
        boolean registers = false;
        Set<String> collected = null; // read for the first removal only: most commits remove none
        while (tw.next()) {
          boolean existed = !tw.getObjectId(0).equals(ObjectId.zeroId());
          registers |= !existed && tw.getNameString().equals(RegistryFormat.ARTIFACT_FILE);
          if (existed && tw.getObjectId(1).equals(ObjectId.zeroId())) {
            if (collected == null) {
              collected = Removals.collectedBy(run.trust(), run.registry().repository(), c);
            }
            if (collected.contains(versionOf(tw.getPathString()))) {
              continue; // collected by a signed gc commit that names it: history keeps the files
            }
          }
          if (existed) {
            run.add(
                new VerifyFinding(
                    tw.getPathString(),
                    c.name(),
                    (tw.getObjectId(1).equals(ObjectId.zeroId()) ? "removed" : "changed")
                        + " after it was registered; registered"
                        + " files are immutable",
                    "restore the file from before "
                        + c.name().substring(0, 12)
                        + " with a new commit (git show "
                        + c.getParent(0).name().substring(0, 12)
                        + ":"
                        + tw.getPathString()
                        + "), and find out who changed it"));
          }
        }
        if (registers) {
          unsignedRegistration(run, c);
        }
      }
    }
  }

  /** {@code model/version} of a path {@code models/<model>/<version>/<file>}, or null. */
  private static String versionOf(String path) {
    String[] p = path.split("/");
    return p.length == 4 ? p[1] + "/" + p[2] : null;
  }

  /**
   * A finding if {@code c} registers versions unsigned while the policy in force before it requires
   * signed registrations.
   */
  private static void unsignedRegistration(VerifyRun run, RevCommit c) {
    TrustVerifier trust = run.trust();
    MainHistory.Entry e = trust.mainHistory().entry(c);
    if (e == null || e.position() == 0) {
      return; // off main's chain: its merge into main is judged instead
    }
    Policy before = trust.policyBefore(e);
    if (!before.registrations().signed()) {
      return;
    }
    SignatureCheck.Outcome o =
        trust
            .signatures()
            .check(run.registry().repository(), c, new TrustedSigners(before.signers()));
    String problem = o.problem();
    if (o.ok() && !before.may(o.principal(), SignedAction.REGISTER)) {
      problem = "is signed by " + RoleCheck.limited(o.principal(), before.rolesOf(o.principal()));
    }
    if (problem != null) {
      run.add(
          new VerifyFinding(
              "main",
              c.name(),
              "registers versions and "
                  + problem
                  + ", but the policy requires signed"
                  + " registrations",
              "register those models again, signed, under new versions; then mark these versions failed"));
    }
  }
}
