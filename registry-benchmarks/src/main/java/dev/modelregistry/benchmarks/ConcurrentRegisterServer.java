package dev.modelregistry.benchmarks;

import dev.modelregistry.git.GitHttpServer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Git server of {@code ConcurrentRegisterBenchmark}: registry-git's test fixture {@code
 * GitHttpServer} (JGit's {@code GitServlet} in an embedded Jetty 12 on loopback, anonymous atomic
 * push, a repack after each push as git's receive.autogc), observed by a filter that counts each
 * client's requests. Clients name themselves with {@code GIT_HTTP_USER_AGENT}, which both JGit and
 * git honour, so the push attempts of each writer can be counted on the server without changing the
 * library.
 */
final class ConcurrentRegisterServer implements AutoCloseable {
  /** What one client did, in order: one letter per request. */
  enum Kind {
    /** GET info/refs?service=git-upload-pack: the start of a fetch (or clone). */
    FETCH_ADVERTISEMENT,
    /** POST git-upload-pack: a fetch round trip. */
    FETCH_POST,
    /** GET info/refs?service=git-receive-pack: the start of a push attempt. */
    PUSH_ADVERTISEMENT,
    /** POST git-receive-pack that updated the branch. */
    PUSH_ACCEPTED,
    /**
     * POST git-receive-pack that the server rejected (the branch moved since the client fetched).
     */
    PUSH_REJECTED,
    OTHER
  }

  private final GitHttpServer server;
  private final Map<String, List<Kind>> events = new HashMap<>();

  private ConcurrentRegisterServer(Path base) throws Exception {
    server = GitHttpServer.startObserved(base, this::count);
  }

  private void count(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest r = (HttpServletRequest) request;
    String agent = String.valueOf(r.getHeader("User-Agent"));
    String uri = r.getRequestURI();
    String query = String.valueOf(r.getQueryString());
    Kind kind = Kind.OTHER;
    if (uri.endsWith("/info/refs") && query.contains("service=git-upload-pack")) {
      kind = Kind.FETCH_ADVERTISEMENT;
    } else if (uri.endsWith("/info/refs") && query.contains("service=git-receive-pack")) {
      kind = Kind.PUSH_ADVERTISEMENT;
    } else if (uri.endsWith("/git-upload-pack")) {
      kind = Kind.FETCH_POST;
    }
    if (kind != Kind.OTHER) {
      record(agent, kind); // at the start: a push attempt begins with its advertisement
    }
    chain.doFilter(request, response);
    if (uri.endsWith("/git-receive-pack")) {
      record(
          agent,
          Boolean.TRUE.equals(request.getAttribute(GitHttpServer.PUSH_ACCEPTED))
              ? Kind.PUSH_ACCEPTED
              : Kind.PUSH_REJECTED);
    }
  }

  /**
   * Serves the bare repositories under {@code base} at {@code http://127.0.0.1:<port>/git/<name>}.
   */
  static ConcurrentRegisterServer start(Path base) throws Exception {
    return new ConcurrentRegisterServer(base.toAbsolutePath().normalize());
  }

  String url(String name) {
    return server.url(name);
  }

  private synchronized void record(String agent, Kind kind) {
    events.computeIfAbsent(agent, a -> new ArrayList<>()).add(kind);
  }

  /** Each client's requests so far, by User-Agent. */
  synchronized Map<String, List<Kind>> events() {
    Map<String, List<Kind>> copy = new HashMap<>();
    events.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
