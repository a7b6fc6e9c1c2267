package dev.modelregistry.git.remote;

import dev.modelregistry.git.internal.RefLocks;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * Pushes what an operation wrote in the cache clone, all or nothing, each branch only if the remote
 * still has what was fetched (a lease). Its own class because this is where a write's fate is told:
 * landed, lost to another writer (the write loop runs it again) or refused by a rule of the server,
 * which no retry gets past; a push whose answer never came is {@link BrokenPushes}'s to judge.
 */
final class LeasedPush {
  private final URIish uri;
  private final Path remoteDirectory; // for file: remotes, where the remote repository is
  private final String display;
  private final RemoteLogin login;
  private final RemoteFetch fetch;
  private final BrokenPushes broken;

  LeasedPush(
      URIish uri,
      Path remoteDirectory,
      String display,
      RemoteLogin login,
      RemoteFetch fetch,
      BrokenPushes broken) {
    this.uri = uri;
    this.remoteDirectory = remoteDirectory;
    this.display = display;
    this.login = login;
    this.fetch = fetch;
    this.broken = broken;
  }

  /**
   * Pushes every local branch that differs from the remote's as last fetched, all or nothing, each
   * only if the remote still has what was fetched (a lease); the branches named in {@code leased}
   * that do not differ are leased too, as they were (absent ones as absent), so that the push is
   * refused if any of them moved.
   *
   * @return true if pushed (or nothing to push); false if the remote moved first: fetch and redo
   */
  boolean push(Repository repo, java.util.Collection<String> leased) {
    List<RemoteRefUpdate> updates = new ArrayList<>();
    List<RemoteRefUpdate> leases = new ArrayList<>();
    try {
      Map<String, ObjectId> remote = new HashMap<>();
      for (Ref r : repo.getRefDatabase().getRefsByPrefix(RemoteFetch.TRACKING)) {
        remote.put(r.getName().substring(RemoteFetch.TRACKING.length()), r.getObjectId());
      }
      Map<String, ObjectId> local = new HashMap<>();
      for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        local.put(r.getName().substring(Constants.R_HEADS.length()), r.getObjectId());
      }
      for (Map.Entry<String, ObjectId> l : local.entrySet()) {
        ObjectId was = remote.get(l.getKey());
        if (l.getValue().equals(was) && leased.contains(l.getKey())) {
          // the same commit, expected still there: refused as REJECTED_REMOTE_CHANGED if it moved
          leases.add(
              new RemoteRefUpdate(
                  repo,
                  Constants.R_HEADS + l.getKey(),
                  Constants.R_HEADS + l.getKey(),
                  true,
                  null,
                  was));
        } else if (!l.getValue().equals(was)) {
          updates.add(
              new RemoteRefUpdate(
                  repo,
                  Constants.R_HEADS + l.getKey(),
                  Constants.R_HEADS + l.getKey(),
                  true,
                  null,
                  was == null ? ObjectId.zeroId() : was));
        }
      }
      for (String name : leased) {
        if (!local.containsKey(name) && !remote.containsKey(name)) {
          // absent when fetched and expected absent still: "deleted", which is refused as
          // REJECTED_REMOTE_CHANGED if another writer created it meanwhile (a first promotion)
          leases.add(
              new RemoteRefUpdate(
                  repo, (String) null, Constants.R_HEADS + name, true, null, ObjectId.zeroId()));
        }
      }
      for (Map.Entry<String, ObjectId> r : remote.entrySet()) {
        if (!local.containsKey(r.getKey())) {
          updates.add(
              new RemoteRefUpdate(
                  repo, (String) null, Constants.R_HEADS + r.getKey(), true, null, r.getValue()));
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read the local cache at " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
    if (updates.isEmpty()) {
      return true;
    }
    List<RemoteRefUpdate> sent = new ArrayList<>(updates);
    sent.addAll(leases); // only with a change to push: a lease alone writes nothing
    PushResult result;
    try (Transport t = Transport.open(repo, uri)) {
      t.setCredentialsProvider(login.credentials());
      t.setTimeout(RemoteFetch.TIMEOUT_SECONDS);
      t.setPushAtomic(true);
      result = t.push(NullProgressMonitor.INSTANCE, sent);
    } catch (org.eclipse.jgit.errors.TransportException e) {
      return broken.afterBrokenPush(repo, updates, e);
    } catch (NotSupportedException e) {
      throw new RegistryUnavailableException(
          "Cannot push to " + display + ": " + e.getMessage(), e);
    }
    boolean lost = false;
    List<String> refused = new ArrayList<>();
    for (RemoteRefUpdate u : result.getRemoteUpdates()) {
      switch (u.getStatus()) {
        case OK, UP_TO_DATE, NON_EXISTING -> {} // NON_EXISTING: a lease of an absent branch held
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> lost = true;
        case REJECTED_OTHER_REASON -> {
          String m = u.getMessage() == null ? "" : u.getMessage();
          if (lostRace(m)) {
            lost = true;
          } else {
            refused.add(u.getRemoteName() + ": " + m);
          }
        }
        default ->
            refused.add(
                u.getRemoteName()
                    + ": "
                    + u.getStatus()
                    + (u.getMessage() == null ? "" : " " + u.getMessage()));
      }
    }
    if (!refused.isEmpty()) {
      fetch.mirrorRemote(repo);
      String server =
          result.getMessages() == null || result.getMessages().isBlank()
              ? ""
              : "\nThe server said: " + result.getMessages().strip();
      throw new RegistryRefusedException(
          "The server "
              + display
              + " refused the push ("
              + String.join("; ", refused)
              + ")."
              + server
              + "\nNothing was changed on the server, and the local cache was reset to the server's state. Ask the"
              + " server's administrator why it refused, then run the goal again.");
    }
    if (lost) {
      fetch.mirrorRemote(repo);
      refuseIfALockIsLeftOnTheRemote(updates);
      return false;
    }
    broken.pushLanded();
    repackFileRemote();
    // the remote now has what we pushed: record it as fetched
    try {
      for (RemoteRefUpdate u : result.getRemoteUpdates()) {
        String b = u.getRemoteName().substring(Constants.R_HEADS.length());
        RefUpdate tr = repo.updateRef(RemoteFetch.TRACKING + b);
        tr.setForceUpdate(true);
        if (u.getNewObjectId() == null || u.getNewObjectId().equals(ObjectId.zeroId())) {
          tr.delete();
        } else {
          tr.setNewObjectId(u.getNewObjectId());
          tr.update();
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot update the local cache at " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
    return true;
  }

  /**
   * For a {@code file:} remote, whose receiving side runs in the pushing process: a lost race on a
   * ref beside which a lock file older than any push lies is no race but a writer killed while
   * pushing, and every retry would lose the same way for as long as the retry loop lasts. Writers
   * of a remote hold no lock of the remote's own, so none of them may judge the file theirs to
   * remove: it is named, with what to do.
   */
  private void refuseIfALockIsLeftOnTheRemote(List<RemoteRefUpdate> updates) {
    if (remoteDirectory == null) {
      return;
    }
    java.time.Instant now = java.time.Instant.now();
    for (RemoteRefUpdate u : updates) {
      for (RefLocks.Found f : RefLocks.blocking(remoteDirectory, u.getRemoteName())) {
        if (f.stale(now)) {
          throw new RegistryUnavailableException(
              "The push to "
                  + display
                  + " cannot update "
                  + u.getRemoteName()
                  + ": the lock file "
                  + f.file()
                  + " is in the way, left since "
                  + f.since().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                  + " ("
                  + RefLocks.span(f.age(now))
                  + ") by a writer killed while pushing. Nothing was pushed, and writers of a"
                  + " remote never remove such a file. Check that no process is pushing to "
                  + remoteDirectory
                  + ", delete it (rm '"
                  + f.file()
                  + "') and run the goal again.");
        }
      }
    }
  }

  /**
   * Does for a {@code file:} remote what {@code git push} does through git's receive.autogc: repack
   * once pushes have left too many packs (JGit's receive side does not), or every later fetch slows
   * down. JGit's gc takes the repository's gc.pid lock, so writers do not repack at once.
   */
  private void repackFileRemote() {
    if (remoteDirectory == null) {
      return;
    }
    try (Repository remote =
        new FileRepositoryBuilder()
            .setGitDir(remoteDirectory.toFile())
            .setMustExist(true)
            .build()) {
      // in memory only, the remote's config file is not changed: repack now, and drop the packs it
      // replaces
      // (readers that still hold one rescan, as with git gc --prune=now)
      remote.getConfig().setBoolean("gc", null, "autoDetach", false);
      remote.getConfig().setString("gc", null, "prunePackExpire", "now");
      remote.autoGC(NullProgressMonitor.INSTANCE);
    } catch (IOException | RuntimeException e) {
      // repacking is housekeeping: the push has landed, and the next push tries again
    }
  }

  /**
   * True if a server's refusal of one ref means another writer moved it first (a compare-and-swap
   * that failed, or an atomic push aborted because of one), as JGit's and git's receive-pack say
   * it; not a rule of the server such as a locked or protected branch, which retrying cannot get
   * past.
   */
  static boolean lostRace(String refusal) {
    String m = refusal.toLowerCase(Locale.ROOT);
    return m.contains("failed to lock")
        || m.contains("cannot lock")
        || m.contains("lock error")
        || m.contains("invalid old id")
        || m.contains("atomic")
        || m.contains("transaction");
  }
}
