package dev.modelregistry.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * The Git server of {@code ConcurrentRegisterBenchmark}: the same server as registry-git's test
 * fixture {@code GitHttpServer} (JGit's {@code GitServlet} in an embedded Jetty 12 on loopback,
 * anonymous atomic push, a repack after each push as git's receive.autogc), plus a filter that
 * counts each client's requests. Clients name themselves with {@code GIT_HTTP_USER_AGENT}, which
 * both JGit and git honour, so the push attempts of each writer can be counted on the server
 * without changing the library.
 */
final class ConcurrentRegisterServer implements AutoCloseable {
  private static final String ACCEPTED = ConcurrentRegisterServer.class.getName() + ".accepted";

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
    /** POST git-receive-pack that the server rejected (the branch moved since the client fetched). */
    PUSH_REJECTED,
    OTHER
  }

  private final Server server;
  private final Map<String, List<Kind>> events = new HashMap<>();

  private ConcurrentRegisterServer(Path base) throws Exception {
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler ctx = new ServletContextHandler("/");
    GitServlet git = new GitServlet();
    git.setRepositoryResolver((req, name) -> {
      Path dir = base.resolve(name).normalize();
      if (!dir.startsWith(base)) {
        throw new org.eclipse.jgit.transport.resolver.ServiceNotEnabledException();
      }
      try {
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
      } catch (java.io.IOException e) {
        throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name, e);
      }
    });
    git.setReceivePackFactory((HttpServletRequest req, org.eclipse.jgit.lib.Repository db) -> {
      ReceivePack rp = new ReceivePack(db);
      rp.setAtomic(true);
      // as GitHttpServer (and git's receive.autogc): a server that never repacks slows down with every push
      rp.setPostReceiveHook((pack, commands) -> {
        if (commands.stream().anyMatch(c -> c.getResult() == ReceiveCommand.Result.OK)) {
          req.setAttribute(ACCEPTED, Boolean.TRUE); // read back by the counting filter once the push is done
        }
        pack.getRepository().getConfig().setBoolean("gc", null, "autoDetach", false);
        pack.getRepository().getConfig().setString("gc", null, "prunePackExpire", "now");
        pack.getRepository().autoGC(NullProgressMonitor.INSTANCE);
      });
      return rp;
    });
    ctx.addServlet(new ServletHolder(git), "/git/*");
    Filter count = (request, response, chain) -> {
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
        record(agent, Boolean.TRUE.equals(request.getAttribute(ACCEPTED)) ? Kind.PUSH_ACCEPTED : Kind.PUSH_REJECTED);
      }
    };
    ctx.addFilter(new FilterHolder(count), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(ctx);
    server.start();
  }

  /** Serves the bare repositories under {@code base} at {@code http://127.0.0.1:<port>/git/<name>}. */
  static ConcurrentRegisterServer start(Path base) throws Exception {
    return new ConcurrentRegisterServer(base.toAbsolutePath().normalize());
  }

  String url(String name) {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/git/" + name;
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
    server.stop();
  }
}
