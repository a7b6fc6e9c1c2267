package dev.modelregistry.git.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real HTTP artifact server on loopback, for tests of the HTTP(S) artifact store: an embedded
 * Jetty on a free port that stores {@code PUT} bodies as files under a directory and serves them
 * back with {@code GET}/{@code HEAD} (ETag, {@code Range}, {@code If-Range}) and {@code DELETE},
 * much as a plain WebDAV-less Nexus, Artifactory or nginx would.
 *
 * <p>It authenticates as chosen at start ({@link Auth#none()}, {@link Auth#basic}, {@link
 * Auth#bearer}), records every request with its {@code Authorization} header (so a test can assert
 * that credentials did not follow a redirect to another host), and injects faults that can be
 * switched while it runs: failing statuses, truncated or over-declared bodies, hanging, wrong
 * bytes, redirects and throttling. Bodies are streamed both ways, never held in memory.
 */
public final class ArtifactServer implements AutoCloseable {
  /** One request as the server saw it; {@code authorization} and {@code range} may be null. */
  public record RecordedRequest(String method, String path, String authorization, String range) {}

  /** How the server authenticates; the check is on the exact {@code Authorization} header. */
  public static final class Auth {
    private final String expected; // null: anyone
    private final String challenge;

    private Auth(String expected, String challenge) {
      this.expected = expected;
      this.challenge = challenge;
    }

    /** No authentication: every request is let in. */
    public static Auth none() {
      return new Auth(null, null);
    }

    /** HTTP Basic with this user and password. */
    public static Auth basic(String user, String password) {
      String pair = user + ":" + password;
      return new Auth(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(UTF8)),
          "Basic realm=\"artifacts\"");
    }

    /** A bearer token, as a CI job token or an API key would be sent. */
    public static Auth bearer(String token) {
      return new Auth("Bearer " + token, "Bearer realm=\"artifacts\"");
    }

    boolean admits(String authorization) {
      return expected == null || expected.equals(authorization);
    }

    String challenge() {
      return challenge;
    }
  }

  private static final java.nio.charset.Charset UTF8 = java.nio.charset.StandardCharsets.UTF_8;

  private final Server server;
  private final String host;
  private final Path dir;
  private final ArtifactFaults faults = new ArtifactFaults();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArraySet<String> forbidden = new CopyOnWriteArraySet<>();
  private volatile boolean refuseOverwrite;

  private ArtifactServer(String host, Path dir, Auth auth) throws Exception {
    this.host = host;
    this.dir = dir.toAbsolutePath().normalize();
    Files.createDirectories(this.dir);
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(0);
    // a hanging request must stay hung for as long as a client timeout test waits, not be cut by
    // Jetty's 30 s default idle timeout
    connector.setIdleTimeout(10 * 60 * 1000L);
    server.addConnector(connector);
    server.setHandler(new ArtifactHandler(this, auth));
    // nothing to drain gracefully: close() must return at once, even with hanging requests
    server.setStopTimeout(0);
    server.start();
  }

  /** Serves the files under {@code dir} at {@code http://127.0.0.1:<port>/}, without auth. */
  public static ArtifactServer start(Path dir) throws Exception {
    return startOn("127.0.0.1", dir, Auth.none());
  }

  /** As {@link #start(Path)}, authenticating with {@code auth}. */
  public static ArtifactServer start(Path dir, Auth auth) throws Exception {
    return startOn("127.0.0.1", dir, auth);
  }

  /**
   * As {@link #start(Path)}, bound to and named by {@code host} (e.g. {@code "localhost"}): another
   * host name than 127.0.0.1, for redirects that cross hosts.
   */
  public static ArtifactServer startOn(String host, Path dir) throws Exception {
    return startOn(host, dir, Auth.none());
  }

  /** As {@link #startOn(String, Path)}, authenticating with {@code auth}. */
  public static ArtifactServer startOn(String host, Path dir, Auth auth) throws Exception {
    return new ArtifactServer(
        Objects.requireNonNull(host), Objects.requireNonNull(dir), Objects.requireNonNull(auth));
  }

  /** The base URI, {@code http://<host>:<port>/}, ending with a slash. */
  public URI uri() {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return URI.create("http://" + host + ":" + port + "/");
  }

  /**
   * The requests seen so far, oldest first (a snapshot). Not among them: requests Jetty's parser
   * refuses as malformed before any handler runs, such as paths whose {@code ..} escape the root
   * (answered 400 all the same).
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    requests.clear();
  }

  /** The bytes stored at {@code path} (relative to the base, leading slash optional), or null. */
  public byte[] stored(String path) throws IOException {
    Path file = dir.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
    if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
      return null;
    }
    return Files.readAllBytes(file);
  }

  /**
   * From now on, a PUT to an existing path answers 400, as Nexus does with "disable redeploy" (and
   * Artifactory with a similar policy): an upload must never silently replace a release.
   */
  public void refuseOverwrite() {
    refuseOverwrite = true;
  }

  /**
   * From now on, requests to paths starting with {@code pathPrefix} (e.g. {@code "/secret/"})
   * answer 403 even with valid credentials, as a repository the user may not read or write.
   */
  public void forbidden(String pathPrefix) {
    forbidden.add(pathPrefix);
  }

  /** From now on, every PUT answers {@code status} (e.g. 500, 507) and stores nothing. */
  public void failPuts(int status) {
    faults.failPuts = status;
  }

  /** From now on, every GET and HEAD answers {@code status} (e.g. 500, 503). */
  public void failGets(int status) {
    faults.failGets = status;
  }

  /**
   * The next {@code n} GETs declare the full Content-Length but close the connection after sending
   * {@code afterBytes} bytes of the body: a dropped download, for testing resume with Range.
   */
  public void truncateNextGets(int n, long afterBytes) {
    faults.truncateAfter = afterBytes;
    faults.truncations.set(n);
  }

  /**
   * From now on, GETs declare a Content-Length of {@code declared} (more than the body), send the
   * whole body, then close the connection: the client must notice the missing bytes.
   */
  public void wrongContentLength(long declared) {
    faults.declaredLength = declared;
  }

  /**
   * From now on, every request is accepted and never answered, until {@link #close()} (a {@link
   * #reset()} only spares later requests): for client timeouts. No server thread is held, so
   * shutdown is not blocked.
   */
  public void hang() {
    faults.hang = true;
  }

  /**
   * From now on, GETs of an existing path send {@code bytes} instead of the stored ones, with a
   * matching Content-Length (and Range applied to them): corruption only a hash check catches.
   */
  public void serveOtherBytes(byte[] bytes) {
    faults.otherBytes = bytes.clone();
  }

  /**
   * From now on, GETs and HEADs (after authentication) answer 302 with {@code Location} the same
   * path on {@code otherServer}, e.g. another ArtifactServer started on {@code "localhost"}.
   */
  public void redirectGetsTo(URI otherServer) {
    faults.redirectTo = otherServer;
  }

  /** From now on, GET bodies are sent at about {@code bytesPerSecond} (0: no limit). */
  public void throttle(long bytesPerSecond) {
    faults.bytesPerSecond = bytesPerSecond;
  }

  /**
   * Clears every fault above (requests left hanging stay so until close). Authentication, {@link
   * #forbidden} prefixes, {@link #refuseOverwrite()} and recorded requests are kept.
   */
  public void reset() {
    faults.reset();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  // for ArtifactHandler

  Path dir() {
    return dir;
  }

  ArtifactFaults faults() {
    return faults;
  }

  void record(RecordedRequest request) {
    requests.add(request);
  }

  boolean isForbidden(String path) {
    return forbidden.stream().anyMatch(path::startsWith);
  }

  boolean refusesOverwrite() {
    return refuseOverwrite;
  }
}
