package dev.modelregistry.git.internal;

import java.io.IOException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;

/**
 * Every object reachable from every ref present and well formed: what {@code git fsck} would find
 * (JGit has no fsck).
 */
public final class ObjectCheck {
  private ObjectCheck() {}

  /** Returns how many objects were checked. */
  public static long run(VerifyRun run) {
    try {
      return check(run);
    } catch (IOException e) {
      throw new dev.modelregistry.model.RegistryUnavailableException(
          "Cannot read the object database: " + e.getMessage(), e);
    }
  }

  private static long check(VerifyRun run) throws IOException {
    ObjectChecker checker = new ObjectChecker();
    long count = 0;
    var repo = run.registry().repository();
    // a damaged pack first, by file name: JGit drops it and then reports only its objects as
    // missing
    for (PackCheck.Damaged d : PackCheck.of(repo)) {
      run.add(
          new VerifyFinding(
              "object database: " + d.pack(),
              null,
              d.problem(),
              "restore the registry from a backup (restore); its objects cannot be read"));
    }
    try (ObjectReader reader = repo.newObjectReader();
        ObjectWalk walk = new ObjectWalk(reader)) {
      for (Ref r : repo.getRefDatabase().getRefs()) {
        if (r.getObjectId() != null) {
          try {
            walk.markStart(walk.parseAny(r.getObjectId()));
          } catch (MissingObjectException e) {
            run.add(
                new VerifyFinding(
                    "ref " + r.getName(),
                    r.getObjectId().name(),
                    "points to a missing object",
                    "restore from a backup"));
          }
        }
      }
      try {
        for (RevObject o = walk.next(); o != null; o = walk.next()) {
          count += one(run, reader, checker, o);
        }
        for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
          count += one(run, reader, checker, o);
        }
      } catch (MissingObjectException e) {
        run.add(
            new VerifyFinding(
                "object database",
                e.getObjectId().name(),
                "object is missing",
                "restore from a backup"));
      } catch (IOException e) {
        // a pack JGit could not read part-way: the walk cannot go on, but what it found stands
        run.add(
            new VerifyFinding(
                "object database",
                null,
                "cannot be read to the end: " + e.getMessage(),
                "restore from a backup"));
      }
    }
    return count;
  }

  private static int one(VerifyRun run, ObjectReader reader, ObjectChecker checker, RevObject o)
      throws IOException {
    try {
      ObjectLoader l = reader.open(o);
      if (o.getType() != Constants.OBJ_BLOB) {
        checker.check(o, o.getType(), l.getCachedBytes());
      } else {
        l.getSize();
      }
    } catch (CorruptObjectException e) {
      run.add(
          new VerifyFinding(
              "object database",
              o.name(),
              "malformed object: " + e.getMessage(),
              "restore from a backup"));
    } catch (MissingObjectException e) {
      run.add(
          new VerifyFinding(
              "object database", o.name(), "object is missing", "restore from a backup"));
    }
    return 1;
  }
}
