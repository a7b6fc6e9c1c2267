package dev.modelregistry.git.remote;

import dev.modelregistry.git.internal.RefLocks;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Brings a remote's branches into the cache clone and makes the local branches exactly what the
 * remote has, as last fetched ({@link #mirrorRemote}). Every operation starts from that state, and
 * making the local branches the remote's again is also how the local result of a write that failed
 * or lost a race is dropped.
 */
final class RemoteFetch {
  /** Where the cache keeps the remote's branches as last fetched: what a push leases against. */
  static final String TRACKING = "refs/remotes/origin/";

  /** The transport's timeout, for a fetch and a push alike. */
  static final int TIMEOUT_SECONDS = 30;

  private final String display;
  private final RemoteLogin login;
  private final TransportFailures failures;

  RemoteFetch(String display, RemoteLogin login, TransportFailures failures) {
    this.display = display;
    this.login = login;
    this.failures = failures;
  }

  /**
   * Fetches every branch and makes the local branches what the remote has; with {@code catchUp}, a
   * fetch that took long is followed at once by another. A writer's race window runs from the start
   * of its last fetch to its push, and the catch-up fetch (which finds little) keeps it short when
   * the first had much to download. A retry after a lost race needs no catch-up: it fetches only
   * the few commits that won. Nothing is repacked here (see {@link CacheClone#housekeeping}).
   */
  void fetch(Repository repo, boolean catchUp) {
    long start = System.nanoTime();
    fetchOnce(repo);
    if (catchUp && System.nanoTime() - start > 100_000_000L) {
      fetchOnce(repo);
    }
    mirrorRemote(repo);
  }

  /** Fetches every branch into the tracking refs only: the local branches are left as they are. */
  void fetchOnce(Repository repo) {
    try (Git git = Git.wrap(repo)) {
      org.eclipse.jgit.transport.FetchResult fetched =
          git.fetch()
              .setRemote("origin")
              .setRefSpecs(new RefSpec("+refs/heads/*:" + TRACKING + "*"))
              .setRemoveDeletedRefs(true)
              .setCheckFetchedObjects(true)
              .setTimeout(TIMEOUT_SECONDS)
              .setCredentialsProvider(login.credentials())
              .call();
      for (org.eclipse.jgit.transport.TrackingRefUpdate u : fetched.getTrackingRefUpdates()) {
        if (u.getResult() == RefUpdate.Result.LOCK_FAILURE) {
          // JGit's fetch does not fail for it, and a tracking ref left behind would make every push
          // look lost
          throw RefLocks.blocked(repo.getDirectory().toPath(), u.getLocalName());
        }
      }
    } catch (TransportException e) {
      throw failures.transport("fetch from", e);
    } catch (GitAPIException e) {
      throw new RegistryUnavailableException(
          "Cannot fetch from " + display + ": " + e.getMessage(), e);
    }
  }

  /** Local branches := the remote's as last fetched; local-only branches are dropped. */
  void mirrorRemote(Repository repo) {
    try {
      Map<String, ObjectId> remote = new HashMap<>();
      for (Ref r : repo.getRefDatabase().getRefsByPrefix(TRACKING)) {
        remote.put(r.getName().substring(TRACKING.length()), r.getObjectId());
      }
      for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        String b = r.getName().substring(Constants.R_HEADS.length());
        if (!remote.containsKey(b)) {
          RefUpdate u = repo.updateRef(r.getName());
          u.setForceUpdate(true);
          mirrored(repo, r.getName(), u.delete());
        }
      }
      for (Map.Entry<String, ObjectId> e : remote.entrySet()) {
        RefUpdate u = repo.updateRef(Constants.R_HEADS + e.getKey());
        u.setNewObjectId(e.getValue());
        u.setForceUpdate(true);
        mirrored(repo, u.getName(), u.update());
      }
      if (remote.containsKey(RegistryFormat.MAIN)) {
        repo.updateRef(Constants.HEAD).link(RegistryFormat.ref(RegistryFormat.MAIN));
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot update the local cache at " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses to go on from a local branch that could not be made the remote's: the operation would
   * run on a stale state.
   */
  private static void mirrored(Repository repo, String ref, RefUpdate.Result r) {
    if (r == RefUpdate.Result.LOCK_FAILURE) {
      throw RefLocks.blocked(repo.getDirectory().toPath(), ref);
    }
  }
}
