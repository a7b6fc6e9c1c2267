package dev.modelregistry.git.remote;

import dev.modelregistry.git.errors.PushOutcomeUnknownException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Decides what became of a push whose answer never came: it landed, it is to be run again, or the
 * remote is unavailable. Its own class because it keeps a count across pushes, so that a remote
 * that keeps breaking them is reported instead of being retried for as long as the write loop
 * lasts.
 */
final class BrokenPushes {
  private static final int MAX_BROKEN_PUSHES = 3;

  private final String display;
  private final RemoteFetch fetch;
  private final TransportFailures failures;
  private int
      brokenPushes; // pushes whose answer never came and which had not landed, since the last that

  // landed

  BrokenPushes(String display, RemoteFetch fetch, TransportFailures failures) {
    this.display = display;
    this.fetch = fetch;
    this.failures = failures;
  }

  /** A push's answer came and it landed: the count of broken ones starts again. */
  void pushLanded() {
    brokenPushes = 0;
  }

  /**
   * A push whose answer never came (the connection broke, the server failed after or before
   * applying it) may or may not have landed. Fetch and look: if the remote has what was pushed, it
   * landed; otherwise it is treated as lost to another writer and the operation is run again, a few
   * times only, since a remote that keeps breaking pushes is unavailable rather than busy.
   *
   * @return true if it landed; false if it is to be run again
   */
  boolean afterBrokenPush(
      Repository repo,
      List<RemoteRefUpdate> updates,
      org.eclipse.jgit.errors.TransportException e) {
    RegistryUnavailableException failure = failures.transport("push to", e);
    if (RemoteLogin.authenticationRefused(e)) {
      fetch.mirrorRemote(repo);
      throw failure;
    }
    try {
      fetch.fetchOnce(repo);
    } catch (RegistryUnavailableException fetchFailed) {
      fetch.mirrorRemote(repo);
      throw new PushOutcomeUnknownException(
          "The push to "
              + display
              + " broke off ("
              + TransportFailures.firstLine(String.valueOf(e.getMessage()))
              + ") and the remote cannot be read to see whether it"
              + " landed: "
              + fetchFailed.getMessage()
              + " Run `status` or `list` when the remote is back; running the goal again"
              + " is safe, a repeated operation that already landed is refused or does nothing.",
          e);
    }
    boolean landed = landed(repo, updates);
    fetch.mirrorRemote(repo);
    if (landed) {
      brokenPushes = 0;
      return true;
    }
    if (++brokenPushes >= MAX_BROKEN_PUSHES) {
      throw failure;
    }
    return false;
  }

  /**
   * True if every update is on the remote as last fetched (its commit there, or overtaken by later
   * ones).
   */
  private static boolean landed(Repository repo, List<RemoteRefUpdate> updates) {
    try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
      for (RemoteRefUpdate u : updates) {
        Ref now =
            repo.exactRef(
                RemoteFetch.TRACKING + u.getRemoteName().substring(Constants.R_HEADS.length()));
        ObjectId wanted = u.getNewObjectId();
        if (wanted == null || wanted.equals(ObjectId.zeroId())) {
          if (now != null) {
            return false;
          }
        } else if (now == null
            || !walk.isMergedInto(walk.parseCommit(wanted), walk.parseCommit(now.getObjectId()))) {
          return false;
        }
        walk.reset();
      }
      return true;
    } catch (IOException ex) {
      throw new RegistryUnavailableException(
          "Cannot read the local cache at " + repo.getDirectory() + ": " + ex.getMessage(), ex);
    }
  }
}
