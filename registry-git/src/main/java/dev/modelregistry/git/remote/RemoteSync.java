package dev.modelregistry.git.remote;

import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.git.errors.PushOutcomeUnknownException;
import dev.modelregistry.git.internal.RefLocks;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.model.RegistryRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

import dev.modelregistry.model.RegistryUnavailableException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/**
 * Keeps a local clone of a remote registry (a bare repository in a cache directory, one per remote
 * and never shared with a work tree) in step with the remote: fetch before reading, push after
 * writing. Local branches always mirror the remote's as last fetched; a write that the remote
 * rejects is dropped locally and the operation runs again on what was fetched anew.
 *
 * <p>Credentials come from where Git users keep them: for HTTP(S), {@code REGISTRY_TOKEN} (with
 * {@code REGISTRY_USERNAME}, default {@code token}), else {@code ~/.netrc}, else git's credential
 * helpers ({@link GitCredentialHelper}); for SSH, keys in {@code ~/.ssh}. They are never written
 * into the registry or a message.
 */
public final class RemoteSync implements dev.modelregistry.git.internal.RemoteOrigin {
  private static final String TRACKING = "refs/remotes/origin/";
  private static final int TIMEOUT_SECONDS = 30;
  private static final int MAX_BROKEN_PUSHES = 3;
  private static final java.time.Duration CACHE_LOCK_TIMEOUT = java.time.Duration.ofSeconds(60);
  private static final String NEW_CACHE_INFIX = ".new-";
  private static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofDays(1);

  private final URIish uri;
  private final Path remoteDirectory; // for file: remotes, where the remote repository is
  private int brokenPushes; // pushes whose answer never came and which had not landed, since the last that landed
  private CredentialsProvider httpCredentials; // from the front end; null: none
  private String httpCredentialsTried = "no credentials";
  private SshKeyPassphrases sshPassphrases = new SshKeyPassphrases(dev.modelregistry.git.signing.PassphraseSource.none(
      "give it to the program that runs the registry"));

  private RemoteSync(URIish uri) {
    this.uri = uri;
    Path dir = null;
    if ("file".equals(uri.getScheme()) || (uri.getScheme() == null && uri.getHost() == null)) {
      dir = Path.of(uri.getPath()).toAbsolutePath().normalize();
    }
    this.remoteDirectory = dir;
  }

  /** What a registry URL may be, in words, for refusals. */
  public static final String ACCEPTED_URLS = "a path, a file: URL, an http:// or https:// URL, an ssh:// URL, or git's user@host:path";

  /**
   * The schemes a registry is reached by. Not every one JGit knows: it reads {@code ftp://} with
   * its HTTP transport (and fails with a ClassCastException), {@code git://} has no authentication
   * for the pushes every write makes, and {@code sftp://}, {@code s3://} and the like are dumb
   * transports without atomic pushes.
   */
  private static final java.util.Set<String> SCHEMES = java.util.Set.of("file", "http", "https", "ssh");

  /**
   * Logs in with what the front end gave: {@code http} for HTTP(S) remotes ({@code tried} says what it
   * tries, for a refused login's message); {@code passphrases} for protected keys in {@code ~/.ssh}.
   */
  public RemoteSync loggingInWith(CredentialsProvider http, String tried, dev.modelregistry.git.signing.PassphraseSource passphrases) {
    this.httpCredentials = http;
    this.httpCredentialsTried = tried == null ? "no credentials" : tried;
    this.sshPassphrases = new SshKeyPassphrases(passphrases);
    return this;
  }

  public static RemoteSync of(String url) {
    URIish uri;
    try {
      // schemes are case-insensitive (RFC 3986), but URIish knows only lower-case ones: it takes HTTPS://h/r for a path
      String u = url.strip();
      int colon = u.indexOf("://");
      if (colon > 0 && u.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        u = u.substring(0, colon).toLowerCase(Locale.ROOT) + u.substring(colon);
      }
      uri = new URIish(u);
    } catch (URISyntaxException e) {
      throw new dev.modelregistry.model.InvalidInputException("Registry URL " + safe(url) + " is not a Git URL: " + e.getMessage()
          + ". A registry URL is " + ACCEPTED_URLS + ".");
    }
    String scheme = uri.getScheme(); // null for user@host:path
    if (scheme != null && !SCHEMES.contains(scheme)) {
      throw new dev.modelregistry.model.InvalidInputException("Registry URL " + safe(url) + " has the scheme '"
          + dev.modelregistry.model.Display.escape(scheme) + "', which the registry does not speak. A registry URL is "
          + ACCEPTED_URLS + ".");
    }
    return new RemoteSync(uri);
  }

  /** The URL without any password, for messages. */
  public String display() {
    return uri.setPass(null).toString();
  }

  /**
   * Where to open a pull request from {@code source} into {@code target} on the forge that hosts the
   * remote (GitHub or GitLab, recognised by host name), if any.
   */
  public java.util.Optional<String> pullRequestUrl(String source, String target) {
    String host = uri.getHost();
    if (host == null) {
      return java.util.Optional.empty();
    }
    String path = uri.getPath().replaceAll("^/+", "").replaceAll("\\.git/?$", "");
    String base = "https://" + host + "/" + path;
    if (host.contains("github")) {
      return java.util.Optional.of(base + "/compare/" + target + "..." + source + "?expand=1");
    }
    if (host.contains("gitlab")) {
      return java.util.Optional.of(base + "/-/merge_requests/new?merge_request%5Bsource_branch%5D=" + source
          + "&merge_request%5Btarget_branch%5D=" + target);
    }
    return java.util.Optional.empty();
  }

  /** For a {@code file:} remote, the remote repository's directory; else null. */
  public Path remoteDirectory() {
    return remoteDirectory;
  }

  /** A short readable name for the remote ({@code registry} from {@code https://host/team/registry.git}). */
  public String humanishName() {
    try {
      return uri.getHumanishName();
    } catch (IllegalArgumentException e) {
      return "registry";
    }
  }

  /** The cache directory for this remote under {@code base}: stable per URL, readable. */
  public Path cacheDirectory(Path base) {
    String id = display();
    String hash = new java.math.BigInteger(1, Hashing.sha256().digest(id.getBytes(StandardCharsets.UTF_8))).toString(16);
    String name = uri.getHumanishName().replaceAll("[^A-Za-z0-9._-]", "_");
    return base.resolve((name.isEmpty() ? "registry" : name) + "-" + hash.substring(0, Math.min(16, hash.length())) + ".git");
  }

  /**
   * Opens (creating if needed) the local clone at {@code cacheDir}. Several processes may do so at
   * once for a remote new to this machine (CI jobs sharing a runner's cache), before any of them can
   * hold the registry lock, which lives inside the clone: see {@link #createCache}.
   */
  public Repository openCache(Path cacheDir) {
    try {
      if (!complete(cacheDir)) {
        Path base = cacheDir.toAbsolutePath().getParent();
        Files.createDirectories(base);
        // the cache base's own lock serialises creators, of any remote's cache: creating one takes milliseconds
        try (RegistryLock creating = RegistryLock.acquire(base, CACHE_LOCK_TIMEOUT)) {
          if (!complete(cacheDir)) {
            createCache(cacheDir);
          }
        }
      }
      Repository repo = new FileRepositoryBuilder().setGitDir(cacheDir.toFile()).setMustExist(true).build();
      if (!configured(repo.getConfig())) { // made by an older version, or the URL's credentials changed
        try (RegistryLock lock = RegistryLock.acquire(cacheDir, CACHE_LOCK_TIMEOUT)) {
          repo.getConfig().load();
          configure(repo.getConfig());
          repo.getConfig().save();
        }
      }
      return repo;
    } catch (IOException | IllegalStateException | org.eclipse.jgit.errors.ConfigInvalidException e) {
      throw new RegistryUnavailableException("Cannot create the local cache of " + display() + " at " + cacheDir + ": " + e.getMessage(), e);
    }
  }

  /** True if {@code cacheDir} is a whole repository: caches are renamed into place only once complete. */
  private static boolean complete(Path cacheDir) {
    return Files.isRegularFile(cacheDir.resolve("config")) && Files.isDirectory(cacheDir.resolve("objects"))
        && Files.isDirectory(cacheDir.resolve("refs"));
  }

  /**
   * Creates the cache whole or not at all, under the cache base's lock: a repository made and
   * configured in a temporary directory beside it, then renamed into place, which is atomic, so a
   * process that opens the cache without the lock never sees a half-made repository. What an older
   * version or a killed process left half made is set aside.
   */
  private void createCache(Path cacheDir) throws IOException {
    Path base = cacheDir.toAbsolutePath().getParent();
    if (Files.exists(cacheDir)) {
      Files.move(cacheDir, base.resolve(cacheDir.getFileName() + ".broken-" + System.currentTimeMillis()),
          StandardCopyOption.ATOMIC_MOVE);
    }
    removeAbandonedTemporaryCaches(base, cacheDir.getFileName().toString());
    Path tmp = Files.createTempDirectory(base, cacheDir.getFileName() + NEW_CACHE_INFIX);
    try {
      try (Repository repo = FileRepositoryBuilder.create(tmp.toFile())) {
        repo.create(true);
        configure(repo.getConfig());
        repo.getConfig().save();
      }
      Files.move(tmp, cacheDir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTree(tmp);
    }
  }

  /**
   * Removes temporary caches that processes killed while creating one left; only old ones, since
   * creators of an older version take no lock.
   */
  private static void removeAbandonedTemporaryCaches(Path base, String cacheName) {
    java.time.Instant before = java.time.Instant.now().minus(ABANDONED_AFTER);
    try (var dirs = Files.newDirectoryStream(base, cacheName + NEW_CACHE_INFIX + "*")) {
      for (Path d : dirs) {
        if (Files.getLastModifiedTime(d).toInstant().isBefore(before)) {
          deleteTree(d);
        }
      }
    } catch (IOException e) {
      // housekeeping only: the next creation tries again
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // a leftover temporary directory is harmless; the next creation removes it once old
    }
  }

  /** The settings every cache needs (see {@link #configure}). */
  private boolean configured(StoredConfig c) {
    return uri.toString().equals(c.getString("remote", "origin", "url"))
        && ("+refs/heads/*:" + TRACKING + "*").equals(c.getString("remote", "origin", "fetch"))
        && !c.getBoolean("gc", null, "autoDetach", true) && !c.getBoolean("fetch", null, "autogc", true)
        && "now".equals(c.getString("gc", null, "prunePackExpire"));
  }

  private void configure(StoredConfig c) {
    c.setString("remote", "origin", "url", uri.toString());
    c.setString("remote", "origin", "fetch", "+refs/heads/*:" + TRACKING + "*");
    c.setBoolean("gc", null, "autoDetach", false); // repack in the foreground, never in a thread the JVM may end
    // JGit's fetch would repack right away when packs pile up (every ~50 fetches), and in a cache of
    // 100k versions that is 6-12 s; never between a fetch and the answer or the push: see housekeeping()
    c.setBoolean("fetch", null, "autogc", false);
    // as git repack -d: the packs a repack replaced go at once. JGit's default keeps them an hour, and
    // while they stay there are still more than gc.autoPackLimit packs, so every later call repacked again
    c.setString("gc", null, "prunePackExpire", "now");
  }

  /** Fetches every branch and makes the local branches what the remote has. */
  public void fetch(Repository repo) {
    fetch(repo, false);
  }

  /**
   * As {@link #fetch(Repository)}; with {@code catchUp}, a fetch that took long is followed at once
   * by another. A writer's race window runs from the start of its last fetch to its push, and the
   * catch-up fetch (which finds little) keeps it short when the first had much to download. A retry
   * after a lost race needs no catch-up: it fetches only the few commits that won. Nothing is repacked
   * here (see {@link #housekeeping}).
   */
  public void fetch(Repository repo, boolean catchUp) {
    long start = System.nanoTime();
    fetchOnce(repo);
    if (catchUp && System.nanoTime() - start > 100_000_000L) {
      fetchOnce(repo);
    }
    mirrorRemote(repo);
  }

  private void fetchOnce(Repository repo) {
    try (Git git = Git.wrap(repo)) {
      org.eclipse.jgit.transport.FetchResult fetched = git.fetch().setRemote("origin")
          .setRefSpecs(new RefSpec("+refs/heads/*:" + TRACKING + "*")).setRemoveDeletedRefs(true)
          .setCheckFetchedObjects(true).setTimeout(TIMEOUT_SECONDS).setCredentialsProvider(credentials()).call();
      for (org.eclipse.jgit.transport.TrackingRefUpdate u : fetched.getTrackingRefUpdates()) {
        if (u.getResult() == RefUpdate.Result.LOCK_FAILURE) {
          // JGit's fetch does not fail for it, and a tracking ref left behind would make every push look lost
          throw RefLocks.blocked(repo.getDirectory().toPath(), u.getLocalName());
        }
      }
    } catch (TransportException e) {
      throw transport("fetch from", e);
    } catch (GitAPIException e) {
      throw new RegistryUnavailableException("Cannot fetch from " + display() + ": " + e.getMessage(), e);
    }
  }

  /** Local branches := the remote's as last fetched; local-only branches are dropped. */
  public void mirrorRemote(Repository repo) {
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
      throw new RegistryUnavailableException("Cannot update the local cache at " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
  }

  /** Refuses to go on from a local branch that could not be made the remote's: the operation would run on a stale state. */
  private static void mirrored(Repository repo, String ref, RefUpdate.Result r) {
    if (r == RefUpdate.Result.LOCK_FAILURE) {
      throw RefLocks.blocked(repo.getDirectory().toPath(), ref);
    }
  }

  /**
   * Pushes every local branch that differs from the remote's as last fetched, all or nothing, each
   * only if the remote still has what was fetched (a lease).
   *
   * @return true if pushed (or nothing to push); false if the remote moved first: fetch and redo
   */
  public boolean push(Repository repo) {
    List<RemoteRefUpdate> updates = new ArrayList<>();
    try {
      Map<String, ObjectId> remote = new HashMap<>();
      for (Ref r : repo.getRefDatabase().getRefsByPrefix(TRACKING)) {
        remote.put(r.getName().substring(TRACKING.length()), r.getObjectId());
      }
      Map<String, ObjectId> local = new HashMap<>();
      for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        local.put(r.getName().substring(Constants.R_HEADS.length()), r.getObjectId());
      }
      for (Map.Entry<String, ObjectId> l : local.entrySet()) {
        ObjectId was = remote.get(l.getKey());
        if (!l.getValue().equals(was)) {
          updates.add(new RemoteRefUpdate(repo, Constants.R_HEADS + l.getKey(), Constants.R_HEADS + l.getKey(), true, null,
              was == null ? ObjectId.zeroId() : was));
        }
      }
      for (Map.Entry<String, ObjectId> r : remote.entrySet()) {
        if (!local.containsKey(r.getKey())) {
          updates.add(new RemoteRefUpdate(repo, (String) null, Constants.R_HEADS + r.getKey(), true, null, r.getValue()));
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read the local cache at " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
    if (updates.isEmpty()) {
      return true;
    }
    PushResult result;
    try (Transport t = Transport.open(repo, uri)) {
      t.setCredentialsProvider(credentials());
      t.setTimeout(TIMEOUT_SECONDS);
      t.setPushAtomic(true);
      result = t.push(NullProgressMonitor.INSTANCE, updates);
    } catch (org.eclipse.jgit.errors.TransportException e) {
      return afterBrokenPush(repo, updates, e);
    } catch (NotSupportedException e) {
      throw new RegistryUnavailableException("Cannot push to " + display() + ": " + e.getMessage(), e);
    }
    boolean lost = false;
    List<String> refused = new ArrayList<>();
    for (RemoteRefUpdate u : result.getRemoteUpdates()) {
      switch (u.getStatus()) {
        case OK, UP_TO_DATE -> { }
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> lost = true;
        case REJECTED_OTHER_REASON -> {
          String m = u.getMessage() == null ? "" : u.getMessage();
          if (lostRace(m)) {
            lost = true;
          } else {
            refused.add(u.getRemoteName() + ": " + m);
          }
        }
        default -> refused.add(u.getRemoteName() + ": " + u.getStatus() + (u.getMessage() == null ? "" : " " + u.getMessage()));
      }
    }
    if (!refused.isEmpty()) {
      mirrorRemote(repo);
      String server = result.getMessages() == null || result.getMessages().isBlank() ? "" : "\nThe server said: " + result.getMessages().strip();
      throw new RegistryRefusedException("The server " + display() + " refused the push (" + String.join("; ", refused) + ")."
          + server + "\nNothing was changed on the server, and the local cache was reset to the server's state. Ask the"
          + " server's administrator why it refused, then run the goal again.");
    }
    if (lost) {
      mirrorRemote(repo);
      refuseIfALockIsLeftOnTheRemote(updates);
      return false;
    }
    brokenPushes = 0;
    repackFileRemote();
    // the remote now has what we pushed: record it as fetched
    try {
      for (RemoteRefUpdate u : result.getRemoteUpdates()) {
        String b = u.getRemoteName().substring(Constants.R_HEADS.length());
        RefUpdate tr = repo.updateRef(TRACKING + b);
        tr.setForceUpdate(true);
        if (u.getNewObjectId() == null || u.getNewObjectId().equals(ObjectId.zeroId())) {
          tr.delete();
        } else {
          tr.setNewObjectId(u.getNewObjectId());
          tr.update();
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot update the local cache at " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
    return true;
  }

  /**
   * For a {@code file:} remote, whose receiving side runs in the pushing process: a lost race on a
   * ref beside which a lock file older than any push lies is no race but a writer killed while
   * pushing, and every retry would lose the same way for as long as the retry loop lasts. Writers of
   * a remote hold no lock of the remote's own, so none of them may judge the file theirs to remove:
   * it is named, with what to do.
   */
  private void refuseIfALockIsLeftOnTheRemote(List<RemoteRefUpdate> updates) {
    if (remoteDirectory == null) {
      return;
    }
    java.time.Instant now = java.time.Instant.now();
    for (RemoteRefUpdate u : updates) {
      for (RefLocks.Found f : RefLocks.blocking(remoteDirectory, u.getRemoteName())) {
        if (f.stale(now)) {
          throw new RegistryUnavailableException("The push to " + display() + " cannot update " + u.getRemoteName()
              + ": the lock file " + f.file() + " is in the way, left since "
              + f.since().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (" + RefLocks.span(f.age(now))
              + ") by a writer killed while pushing. Nothing was pushed, and writers of a"
              + " remote never remove such a file. Check that no process is pushing to " + remoteDirectory + ", delete it (rm '"
              + f.file() + "') and run the goal again.");
        }
      }
    }
  }

  /**
   * A push whose answer never came (the connection broke, the server failed after or before applying
   * it) may or may not have landed. Fetch and look: if the remote has what was pushed, it landed;
   * otherwise it is treated as lost to another writer and the operation is run again, a few times
   * only, since a remote that keeps breaking pushes is unavailable rather than busy.
   */
  private boolean afterBrokenPush(Repository repo, List<RemoteRefUpdate> updates, org.eclipse.jgit.errors.TransportException e) {
    RegistryUnavailableException failure = transport("push to", e);
    if (authenticationRefused(e)) {
      mirrorRemote(repo);
      throw failure;
    }
    try {
      fetchOnce(repo);
    } catch (RegistryUnavailableException fetchFailed) {
      mirrorRemote(repo);
      throw new PushOutcomeUnknownException("The push to " + display() + " broke off (" + firstLine(String.valueOf(e.getMessage()))
          + ") and the remote cannot be read to see whether it landed: " + fetchFailed.getMessage() + " Run `status` or `list`"
          + " when the remote is back; running the goal again is safe, a repeated operation that already landed is refused"
          + " or does nothing.", e);
    }
    boolean landed = landed(repo, updates);
    mirrorRemote(repo);
    if (landed) {
      brokenPushes = 0;
      return true;
    }
    if (++brokenPushes >= MAX_BROKEN_PUSHES) {
      throw failure;
    }
    return false;
  }

  /** True if every update is on the remote as last fetched (its commit there, or overtaken by later ones). */
  private static boolean landed(Repository repo, List<RemoteRefUpdate> updates) {
    try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
      for (RemoteRefUpdate u : updates) {
        Ref now = repo.exactRef(TRACKING + u.getRemoteName().substring(Constants.R_HEADS.length()));
        ObjectId wanted = u.getNewObjectId();
        if (wanted == null || wanted.equals(ObjectId.zeroId())) {
          if (now != null) {
            return false;
          }
        } else if (now == null || !walk.isMergedInto(walk.parseCommit(wanted), walk.parseCommit(now.getObjectId()))) {
          return false;
        }
        walk.reset();
      }
      return true;
    } catch (IOException ex) {
      throw new RegistryUnavailableException("Cannot read the local cache at " + repo.getDirectory() + ": " + ex.getMessage(), ex);
    }
  }

  /**
   * Repacks the local cache when git would ({@code gc.autoPackLimit}, {@code gc.auto}): every fetch
   * adds a pack. Called once an operation's effect has landed or its answer is given (after a push,
   * at close), so that the rare repack of a large cache (6-12 s at 100k versions) never delays a
   * rollback or an answer. A failure is left for the next time: housekeeping is not the operation.
   */
  public void housekeeping(Repository repo) {
    try {
      repo.autoGC(NullProgressMonitor.INSTANCE);
    } catch (RuntimeException e) {
      // the cache stays usable with more packs; the next call tries again
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
    try (Repository remote = new FileRepositoryBuilder().setGitDir(remoteDirectory.toFile()).setMustExist(true).build()) {
      // in memory only, the remote's config file is not changed: repack now, and drop the packs it replaces
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
   * that failed, or an atomic push aborted because of one), as JGit's and git's receive-pack say it;
   * not a rule of the server such as a locked or protected branch, which retrying cannot get past.
   */
  public static boolean lostRace(String refusal) {
    String m = refusal.toLowerCase(Locale.ROOT);
    return m.contains("failed to lock") || m.contains("cannot lock") || m.contains("lock error") || m.contains("invalid old id")
        || m.contains("atomic") || m.contains("transaction");
  }

  /** An HTTP status 401/403 as a word of its own: not the digits of a port or a path in the message's URL. */
  private static final java.util.regex.Pattern AUTH_STATUS = java.util.regex.Pattern.compile("\\b40[13]\\b");
  private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("\\S+://\\S+");

  public static boolean authenticationRefused(Exception e) {
    // JGit's messages start with the remote's URL; a server on port 40137 must not read as "401"
    String lower = URL.matcher(String.valueOf(e.getMessage())).replaceAll("<url>").toLowerCase(Locale.ROOT);
    return lower.contains("not authorized") || lower.contains("authentication") || AUTH_STATUS.matcher(lower).find()
        || lower.contains("auth fail") || lower.contains("cannot log in");
  }

  private RegistryUnavailableException transport(String what, Exception e) {
    String m = String.valueOf(e.getMessage());
    if (ssh() && (m.contains("Accept and store this key") || m.contains("known_hosts"))) {
      // JGit asks whether to accept an unknown host key; nobody may answer that for the user (as git's StrictHostKeyChecking)
      String host = uri.getHost();
      String keyscan = "ssh-keyscan " + (uri.getPort() > 0 && uri.getPort() != 22 ? "-p " + uri.getPort() + " " : "") + host;
      return new RegistryUnavailableException("The SSH host " + host + (uri.getPort() > 0 ? " (port " + uri.getPort() + ")" : "")
          + " of " + display() + " is not in ~/.ssh/known_hosts, so its key cannot be checked; nothing was sent. Check the"
          + " host's key fingerprint with its administrator, then add it: " + keyscan + " >> ~/.ssh/known_hosts", e);
    }
    if (authenticationRefused(e)) {
      return new RegistryUnavailableException("Authentication to " + display() + " was refused when trying to " + what.split(" ")[0]
          + ". Tried: " + triedCredentials() + ". For HTTPS give a token, add the host to ~/.netrc or store the credentials"
          + " with git (git credential approve); for SSH put your key in ~/.ssh (id_ed25519 or id_rsa; keys held only by an"
          + " ssh-agent are not read) and the host in ~/.ssh/known_hosts.", e);
    }
    return new RegistryUnavailableException("Cannot " + what + " " + display() + ": " + firstLine(m)
        + ". The local cache is intact; try again when the remote can be reached.", e);
  }

  private boolean ssh() {
    return "ssh".equals(uri.getScheme()) || (uri.getScheme() == null && uri.getHost() != null);
  }

  private String triedCredentials() {
    if (ssh()) {
      return "the SSH keys in ~/.ssh (for a protected key's passphrase: " + sshPassphrases.howToGive() + ")";
    }
    return httpCredentialsTried;
  }

  private CredentialsProvider credentials() {
    return ssh() ? sshPassphrases : httpCredentials; // SSH keys come from ~/.ssh; only a protected key's passphrase is asked
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String safe(String url) {
    return url == null ? "(none)" : dev.modelregistry.model.Display.quote(url.replaceAll("//[^/@]*@", "//***@"));
  }
}
