package dev.modelregistry.git.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Branches whose tip, as a CI job's tips file says it was last time, is no longer in their history:
 * rewound or rewritten, which a fresh clone alone cannot tell. The file is then brought up to date,
 * except for the rewound branches, which stay findings until someone removes their line.
 */
public final class RewindCheck {
  private RewindCheck() {}

  public static void run(VerifyRun run, Path tipsFile) {
    try {
      check(run, tipsFile);
    } catch (IOException e) {
      throw new dev.modelregistry.model.RegistryUnavailableException(
          "Cannot read the registry's branches: " + e.getMessage(), e);
    }
  }

  private static void check(VerifyRun run, Path tipsFile) throws IOException {
    TrustVerifier trust = run.trust();
    TipJournal journal = TipJournal.at(tipsFile);
    String root = trust.rootCommit();
    if (journal.root() != null && !journal.root().equals(root)) {
      run.add(
          new VerifyFinding(
              "main (first commit)",
              root,
              "is not the first commit of the registry the last run verified ("
                  + journal.root()
                  + "): the registry was re-created or replaced",
              "if that was deliberate, delete "
                  + tipsFile
                  + " after checking the new registry out of band (and pin its root)"));
      return;
    }
    if (journal.root() == null) {
      journal.startOver(root);
    }
    Map<String, String> seen = new TreeMap<>(journal.read());
    Map<String, String> next = new TreeMap<>(seen);
    List<String> branches = new ArrayList<>();
    branches.add(RegistryFormat.MAIN);
    for (Ref r : run.registry().repository().getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
      String b = Repository.shortenRefName(r.getName());
      if (!b.startsWith("promotion/") && !b.equals(RegistryFormat.MAIN)) {
        branches.add(b);
      }
    }
    for (String b : seen.keySet()) {
      if (!branches.contains(b)) {
        branches.add(b); // deleted since: a rewind too
      }
    }
    for (String b : branches) {
      ObjectId tip = run.registry().tip(b);
      int before = run.findings().size();
      trust.rewritten(
          journal,
          b,
          tip,
          run.snapshot().reader,
          "remove the line '"
              + b
              + "=...' from "
              + tipsFile
              + " after checking the new history (git log "
              + b
              + ")");
      if (run.findings().size() == before && tip != null) {
        next.put(b, tip.name());
      }
    }
    journal.write(next);
  }
}
