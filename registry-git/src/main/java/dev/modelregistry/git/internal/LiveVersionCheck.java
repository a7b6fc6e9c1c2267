package dev.modelregistry.git.internal;

import dev.modelregistry.model.Collected;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.SafeMapper;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Every version an environment runs now is still in main's catalogue. {@code gc} never collects
 * one, but a promotion on another machine that read main before a collection and pushed after it
 * could bring one back to life: then the catalogue no longer lists what runs, and its artifact may
 * be gone.
 */
public final class LiveVersionCheck {
  private LiveVersionCheck() {}

  public static void run(VerifyRun run) {
    Snapshot s = run.snapshot();
    for (String env : run.policy().environments().keySet()) {
      ObjectId tip = run.registry().tip(RegistryFormat.environmentBranch(env));
      if (tip == null) {
        continue;
      }
      try (TreeWalk w = new TreeWalk(s.reader)) {
        RevCommit c = s.walk.parseCommit(tip);
        w.addTree(c.getTree());
        w.setRecursive(true);
        while (w.next()) {
          if (w.getPathString().startsWith(env + "/") && w.getNameString().endsWith(".yaml")) {
            check(run, env, w.getPathString(), s.reader.open(w.getObjectId(0)).getBytes());
          }
        }
      } catch (IOException e) {
        throw new dev.modelregistry.model.RegistryUnavailableException(
            "Cannot read branch " + env + ": " + e.getMessage(), e);
      }
    }
  }

  private static void check(VerifyRun run, String env, String path, byte[] bytes) {
    EnvironmentRecord r;
    ModelName m;
    ModelVersion v;
    try {
      r = SafeMapper.read(bytes, EnvironmentRecord.class, path, false);
      m = ModelName.of(r.model());
      v = ModelVersion.of(r.version());
    } catch (RegistryException e) {
      return; // the branch check reports a record it cannot read
    }
    Snapshot s = run.snapshot();
    if (s.catalog.hasVersion(m, v)) {
      return;
    }
    Optional<Collected> gone = Removals.of(s, m, v);
    run.add(
        new VerifyFinding(
            "branch " + env + ": " + path,
            tip(run, env),
            "runs "
                + m
                + " "
                + v
                + ", which main no longer holds"
                + gone.map(g -> " (removed by commit " + g.commit() + ")").orElse(""),
            "roll "
                + env
                + " back or promote another version of "
                + m
                + "; to keep this one, bring its directory back on main"
                + gone.map(g -> " (git revert " + g.commit().substring(0, 12) + ")").orElse("")));
  }

  private static String tip(VerifyRun run, String env) {
    ObjectId t = run.registry().tip(RegistryFormat.environmentBranch(env));
    return t == null ? null : t.name();
  }
}
