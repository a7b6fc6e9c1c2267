package dev.modelregistry.git.remote;

import dev.modelregistry.git.signing.PassphraseSource;
import dev.modelregistry.model.RegistryUnavailableException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * A remote registry as {@code Registry} sees it: its URL, and a local clone of it (a bare
 * repository in a cache directory, one per remote and never shared with a work tree) kept in step
 * with it: fetch before reading, push after writing. Local branches always mirror the remote's as
 * last fetched; a write that the remote rejects is dropped locally and the operation runs again on
 * what was fetched anew ({@link RemoteWrites}).
 *
 * <p>Each job is a part of its own, and this class only holds them together for one URL: the clone
 * ({@code CacheClone}), fetching ({@code RemoteFetch}), pushing ({@code LeasedPush}, {@code
 * BrokenPushes}), logging in ({@code RemoteLogin}) and the forge's pages ({@code ForgeLinks}).
 */
public final class RemoteSync implements dev.modelregistry.git.internal.RemoteOrigin {
  /** What a registry URL may be, in words, for refusals. */
  public static final String ACCEPTED_URLS =
      "a path, a file: URL, an http:// or https:// URL, an ssh:// URL, or git's user@host:path";

  /**
   * The schemes a registry is reached by. Not every one JGit knows: it reads {@code ftp://} with
   * its HTTP transport (and fails with a ClassCastException), {@code git://} has no authentication
   * for the pushes every write makes, and {@code sftp://}, {@code s3://} and the like are dumb
   * transports without atomic pushes.
   */
  private static final java.util.Set<String> SCHEMES =
      java.util.Set.of("file", "http", "https", "ssh");

  private final URIish uri;
  private final Path remoteDirectory; // for file: remotes, where the remote repository is
  private final RemoteLogin login;
  private final CacheClone cache;
  private final RemoteFetch fetch;
  private final LeasedPush push;
  private final ForgeLinks forge;

  private RemoteSync(URIish uri) {
    this.uri = uri;
    Path dir = null;
    if ("file".equals(uri.getScheme()) || (uri.getScheme() == null && uri.getHost() == null)) {
      dir = Path.of(uri.getPath()).toAbsolutePath().normalize();
    }
    this.remoteDirectory = dir;
    String display = display();
    this.login = new RemoteLogin(uri);
    TransportFailures failures = new TransportFailures(uri, display, login);
    this.cache = new CacheClone(uri, display);
    this.fetch = new RemoteFetch(display, login, failures);
    this.push =
        new LeasedPush(
            uri,
            remoteDirectory,
            display,
            login,
            fetch,
            new BrokenPushes(display, fetch, failures));
    this.forge = new ForgeLinks(uri);
  }

  public static RemoteSync of(String url) {
    URIish uri;
    try {
      // schemes are case-insensitive (RFC 3986), but URIish knows only lower-case ones: it takes
      // HTTPS://h/r for a path
      String u = url.strip();
      int colon = u.indexOf("://");
      if (colon > 0 && u.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        u = u.substring(0, colon).toLowerCase(Locale.ROOT) + u.substring(colon);
      }
      uri = new URIish(u);
    } catch (URISyntaxException e) {
      throw new dev.modelregistry.model.InvalidInputException(
          "Registry URL "
              + safe(url)
              + " is not a Git URL: "
              + e.getMessage()
              + ". A registry URL is "
              + ACCEPTED_URLS
              + ".");
    }
    String scheme = uri.getScheme(); // null for user@host:path
    if (scheme != null && !SCHEMES.contains(scheme)) {
      throw new dev.modelregistry.model.InvalidInputException(
          "Registry URL "
              + safe(url)
              + " has the scheme '"
              + dev.modelregistry.model.Display.escape(scheme)
              + "', which the registry does not speak. A registry URL is "
              + ACCEPTED_URLS
              + ".");
    }
    return new RemoteSync(uri);
  }

  /**
   * Logs in with what the front end gave: {@code http} for HTTP(S) remotes ({@code tried} says what
   * it tries, for a refused login's message); {@code passphrases} for protected keys in {@code
   * ~/.ssh}.
   */
  public RemoteSync loggingInWith(
      CredentialsProvider http, String tried, PassphraseSource passphrases) {
    login.loggingInWith(http, tried, passphrases);
    return this;
  }

  /** The URL without any password, for messages. */
  @Override
  public String display() {
    return uri.setPass(null).toString();
  }

  /** For a {@code file:} remote, the remote repository's directory; else null. */
  @Override
  public Path remoteDirectory() {
    return remoteDirectory;
  }

  /**
   * A short readable name for the remote ({@code registry} from {@code
   * https://host/team/registry.git}).
   */
  public String humanishName() {
    try {
      return uri.getHumanishName();
    } catch (IllegalArgumentException e) {
      return "registry";
    }
  }

  /**
   * Where to open a pull request from {@code source} into {@code target} on the forge that hosts
   * the remote (GitHub or GitLab, recognised by host name), if any.
   */
  public java.util.Optional<String> pullRequestUrl(String source, String target) {
    return forge.pullRequestUrl(source, target);
  }

  /** The cache directory for this remote under {@code base}: stable per URL, readable. */
  public Path cacheDirectory(Path base) {
    return cache.cacheDirectory(base);
  }

  /**
   * Opens (creating if needed) the local clone at {@code cacheDir}, which several processes may do
   * at once (see {@code CacheClone.openCache}).
   *
   * @throws RegistryUnavailableException if it cannot be made or opened
   */
  public Repository openCache(Path cacheDir) {
    return cache.openCache(cacheDir);
  }

  /** Fetches every branch and makes the local branches what the remote has. */
  public void fetch(Repository repo) {
    fetch(repo, false);
  }

  /**
   * As {@link #fetch(Repository)}; with {@code catchUp}, a fetch that took long is followed at once
   * by another, to keep a writer's race window short (see {@code RemoteFetch.fetch}).
   */
  public void fetch(Repository repo, boolean catchUp) {
    fetch.fetch(repo, catchUp);
  }

  /** Local branches := the remote's as last fetched; local-only branches are dropped. */
  public void mirrorRemote(Repository repo) {
    fetch.mirrorRemote(repo);
  }

  /**
   * Pushes every local branch that differs from the remote's as last fetched, all or nothing, each
   * only if the remote still has what was fetched (a lease).
   *
   * @return true if pushed (or nothing to push); false if the remote moved first: fetch and redo
   */
  public boolean push(Repository repo) {
    return push.push(repo, java.util.List.of());
  }

  /**
   * As {@link #push(Repository)}, also leasing the branches named in {@code leased} that the
   * operation did not change, as fetched (absent ones as absent): the push is refused (and the
   * operation run again) if another writer moved or created any of them since the fetch. For a
   * write whose checks read other branches than it writes (a collection reads what the environments
   * run; a promotion, what main holds).
   */
  public boolean push(Repository repo, java.util.Collection<String> leased) {
    return push.push(repo, leased);
  }

  /**
   * Repacks the local cache when git would, once no answer waits on it (see {@code
   * CacheClone.housekeeping}).
   */
  public void housekeeping(Repository repo) {
    cache.housekeeping(repo);
  }

  private static String safe(String url) {
    return url == null
        ? "(none)"
        : dev.modelregistry.model.Display.quote(url.replaceAll("//[^/@]*@", "//***@"));
  }
}
