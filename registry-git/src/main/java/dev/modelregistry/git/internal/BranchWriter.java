package dev.modelregistry.git.internal;

import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes commits without a work tree and moves branches by compare-and-swap: a branch only moves
 * from the commit the writer read to the one it wrote, so a concurrent writer is detected, never
 * overwritten (TECH-NOTES: forced updates lose half the writes under contention).
 */
public final class BranchWriter {
  private BranchWriter() {}

  /** Inserts an unsigned commit (not yet on any branch) and returns its id. */
  public static ObjectId commit(
      ObjectInserter ins, ObjectId tree, ObjectId parent, PersonIdent who, String message)
      throws IOException {
    return commit(null, null, ins, tree, parent, who, message);
  }

  /** Inserts a commit signed by {@code signer} (unsigned if null), flushes, and returns its id. */
  public static ObjectId commit(
      Repository repo,
      CommitSigner signer,
      ObjectInserter ins,
      ObjectId tree,
      ObjectId parent,
      PersonIdent who,
      String message)
      throws IOException {
    ObjectId id = ins.insert(build(repo, signer, tree, parent, who, message));
    ins.flush();
    return id;
  }

  /** A commit, signed by {@code signer} (unsigned if null), ready to insert. */
  public static CommitBuilder build(
      Repository repo,
      CommitSigner signer,
      ObjectId tree,
      ObjectId parent,
      PersonIdent who,
      String message) {
    CommitBuilder c = new CommitBuilder();
    c.setTreeId(tree);
    if (parent != null) {
      c.setParentIds(List.of(parent));
    }
    c.setAuthor(who);
    c.setCommitter(who);
    c.setMessage(message);
    if (signer != null) {
      signer.sign(repo, c, who);
    }
    return c;
  }

  /**
   * Points {@code branch} at {@code next} whether or not that is a fast-forward, but only if it is
   * still at {@code expected} (null: absent; zero id: delete). For proposal branches (a promotion
   * waiting for review), which are replaced, never for history.
   *
   * @return false if the branch was not at {@code expected}
   */
  public static boolean replace(
      Repository repo, String branch, ObjectId expected, ObjectId next, String log) {
    return move(repo, branch, expected, next, log, true);
  }

  /**
   * Moves {@code branch} from {@code expected} (null: the branch must not exist) to {@code next}.
   *
   * @return false if the branch was not at {@code expected} any more: someone else wrote first
   */
  public static boolean compareAndSwap(
      Repository repo, String branch, ObjectId expected, ObjectId next, String log) {
    return move(repo, branch, expected, next, log, false);
  }

  /**
   * JGit answers LOCK_FAILURE both when the ref moved and when a lock file is in its way (a writer
   * at work, or one killed mid-update). Only the first means someone else wrote first; the second
   * is waited for, or repaired if the lock file is stale ({@link RefLocks}), and the update tried
   * again.
   */
  private static boolean move(
      Repository repo, String branch, ObjectId expected, ObjectId next, String log, boolean force) {
    String ref = RegistryFormat.ref(branch);
    long deadline = System.nanoTime() + RefLocks.PATIENCE.toNanos();
    while (true) {
      RefUpdate.Result r = update(repo, branch, ref, expected, next, log, force);
      switch (r) {
        case NEW, FAST_FORWARD, NO_CHANGE -> {
          return true;
        }
        case FORCED -> {
          if (force) {
            return true;
          }
          throw new RegistryUnavailableException(
              "Branch " + branch + " could not be moved: " + r + ".");
        }
        case REJECTED -> {
          return false;
        }
        case LOCK_FAILURE -> {
          if (moved(repo, branch, ref, expected)) {
            return false; // the branch moved since it was read
          }
          RefLocks.clearOrWait(repo.getDirectory().toPath(), ref, deadline);
        }
        default ->
            throw new RegistryUnavailableException(
                "Branch " + branch + " could not be moved: " + r + ".");
      }
    }
  }

  private static RefUpdate.Result update(
      Repository repo,
      String branch,
      String ref,
      ObjectId expected,
      ObjectId next,
      String log,
      boolean force) {
    try {
      RefUpdate u = repo.updateRef(ref);
      u.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
      u.setRefLogMessage(log, false);
      u.setForceUpdate(force);
      if (next == null) {
        return u.delete();
      }
      u.setNewObjectId(next);
      return u.update();
    } catch (org.eclipse.jgit.errors.LockFailedException e) {
      return RefUpdate.Result.LOCK_FAILURE; // packed-refs is locked (a delete rewrites it)
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot move branch " + branch + ": " + e.getMessage(), e);
    }
  }

  /** True if {@code ref} is no longer at {@code expected} (null: absent). */
  private static boolean moved(Repository repo, String branch, String ref, ObjectId expected) {
    try {
      Ref now = repo.exactRef(ref);
      ObjectId at = now == null ? null : now.getObjectId();
      return !java.util.Objects.equals(at, expected);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read branch " + branch + ": " + e.getMessage(), e);
    }
  }
}
