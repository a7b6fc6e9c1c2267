package dev.modelregistry.git.remote;

import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.URIish;

/**
 * The local clone of one remote: a bare repository in the cache directory, one per remote and never
 * shared with a work tree, which every fetch and push goes through. Its own class because it is
 * made and opened before the registry lock can be held (the lock lives inside it), by processes
 * that may be doing so at once, and because it is configured never to repack on its own: {@link
 * #housekeeping} repacks it when no answer waits on it.
 */
final class CacheClone {
  private static final java.time.Duration CACHE_LOCK_TIMEOUT = java.time.Duration.ofSeconds(60);
  private static final String NEW_CACHE_INFIX = ".new-";
  private static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofDays(1);

  private final URIish uri;
  private final String display;

  CacheClone(URIish uri, String display) {
    this.uri = uri;
    this.display = display;
  }

  /** The cache directory for this remote under {@code base}: stable per URL, readable. */
  Path cacheDirectory(Path base) {
    String hash =
        new java.math.BigInteger(
                1, Hashing.sha256().digest(display.getBytes(StandardCharsets.UTF_8)))
            .toString(16);
    String name = uri.getHumanishName().replaceAll("[^A-Za-z0-9._-]", "_");
    return base.resolve(
        (name.isEmpty() ? "registry" : name)
            + "-"
            + hash.substring(0, Math.min(16, hash.length()))
            + ".git");
  }

  /**
   * Opens (creating if needed) the local clone at {@code cacheDir}. Several processes may do so at
   * once for a remote new to this machine (CI jobs sharing a runner's cache), before any of them
   * can hold the registry lock, which lives inside the clone: see {@link #createCache}.
   */
  Repository openCache(Path cacheDir) {
    try {
      if (!complete(cacheDir)) {
        Path base = cacheDir.toAbsolutePath().getParent();
        Files.createDirectories(base);
        // the cache base's own lock serialises creators, of any remote's cache: creating one takes
        // milliseconds
        try (RegistryLock creating = RegistryLock.acquire(base, CACHE_LOCK_TIMEOUT)) {
          if (!complete(cacheDir)) {
            createCache(cacheDir);
          }
        }
      }
      Repository repo =
          new FileRepositoryBuilder().setGitDir(cacheDir.toFile()).setMustExist(true).build();
      if (!configured(
          repo.getConfig())) { // made by an older version, or the URL's credentials changed
        try (RegistryLock lock = RegistryLock.acquire(cacheDir, CACHE_LOCK_TIMEOUT)) {
          repo.getConfig().load();
          configure(repo.getConfig());
          repo.getConfig().save();
        }
      }
      return repo;
    } catch (IOException
        | IllegalStateException
        | org.eclipse.jgit.errors.ConfigInvalidException e) {
      throw new RegistryUnavailableException(
          "Cannot create the local cache of " + display + " at " + cacheDir + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * True if {@code cacheDir} is a whole repository: caches are renamed into place only once
   * complete.
   */
  private static boolean complete(Path cacheDir) {
    return Files.isRegularFile(cacheDir.resolve("config"))
        && Files.isDirectory(cacheDir.resolve("objects"))
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
      Files.move(
          cacheDir,
          base.resolve(cacheDir.getFileName() + ".broken-" + System.currentTimeMillis()),
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
        && ("+refs/heads/*:" + RemoteFetch.TRACKING + "*")
            .equals(c.getString("remote", "origin", "fetch"))
        && !c.getBoolean("gc", null, "autoDetach", true)
        && !c.getBoolean("fetch", null, "autogc", true)
        && "now".equals(c.getString("gc", null, "prunePackExpire"));
  }

  private void configure(StoredConfig c) {
    c.setString("remote", "origin", "url", uri.toString());
    c.setString("remote", "origin", "fetch", "+refs/heads/*:" + RemoteFetch.TRACKING + "*");
    c.setBoolean(
        "gc",
        null,
        "autoDetach",
        false); // repack in the foreground, never in a thread the JVM may end
    // JGit's fetch would repack right away when packs pile up (every ~50 fetches), and in a cache
    // of
    // 100k versions that is 6-12 s; never between a fetch and the answer or the push: see
    // housekeeping()
    c.setBoolean("fetch", null, "autogc", false);
    // as git repack -d: the packs a repack replaced go at once. JGit's default keeps them an hour,
    // and
    // while they stay there are still more than gc.autoPackLimit packs, so every later call
    // repacked again
    c.setString("gc", null, "prunePackExpire", "now");
  }

  /**
   * Repacks the local cache when git would ({@code gc.autoPackLimit}, {@code gc.auto}): every fetch
   * adds a pack. Called once an operation's effect has landed or its answer is given (after a push,
   * at close), so that the rare repack of a large cache (6-12 s at 100k versions) never delays a
   * rollback or an answer. A failure is left for the next time: housekeeping is not the operation.
   */
  void housekeeping(Repository repo) {
    try {
      repo.autoGC(NullProgressMonitor.INSTANCE);
    } catch (RuntimeException e) {
      // the cache stays usable with more packs; the next call tries again
    }
  }
}
