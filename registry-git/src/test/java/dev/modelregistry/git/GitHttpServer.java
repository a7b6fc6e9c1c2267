package dev.modelregistry.git;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A real Git server over HTTP on loopback, for tests: JGit's {@code GitServlet} in an embedded
 * Jetty on a free port, serving the bare repositories under a directory, with anonymous push. It
 * can require a token (Basic auth) and refuse pushes as a server-side hook would.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Server server;
  private volatile String refusal;
  private final java.util.concurrent.atomic.AtomicInteger pushesToBreak =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile BrokenPush brokenPush = BrokenPush.BEFORE_APPLYING;
  private volatile boolean down;
  private final java.util.concurrent.atomic.AtomicReference<Runnable> beforeNextPush =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Set to {@code Boolean.TRUE} on the request of a push that updated a branch, once the push is
   * done, for an observing filter (see {@link #startObserved}).
   */
  public static final String PUSH_ACCEPTED = GitHttpServer.class.getName() + ".pushAccepted";

  private GitHttpServer(Path base, String requiredToken, Filter observer) throws Exception {
    this(base, requiredToken, observer, 0);
  }

  private GitHttpServer(Path base, String requiredToken, Filter observer, int port)
      throws Exception {
    server = new Server(new InetSocketAddress("127.0.0.1", port));
    ServletContextHandler ctx = new ServletContextHandler("/");
    GitServlet git = new GitServlet();
    git.setRepositoryResolver(
        (req, name) -> {
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
    git.setReceivePackFactory(
        (req, db) -> {
          ReceivePack rp = new ReceivePack(db);
          rp.setAtomic(true);
          rp.setPreReceiveHook(
              (PreReceiveHook)
                  (pack, commands) -> {
                    Runnable first = beforeNextPush.getAndSet(null);
                    if (first != null) {
                      first
                          .run(); // another writer's push, landing while this one waits in its hook
                    }
                    String why = refusal;
                    if (why != null) {
                      for (ReceiveCommand c : commands) {
                        c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, why);
                      }
                    }
                  });
          // as git's receive.autogc: a server that never repacks slows down with every push
          rp.setPostReceiveHook(
              (pack, commands) -> {
                if (commands.stream().anyMatch(c -> c.getResult() == ReceiveCommand.Result.OK)) {
                  req.setAttribute(PUSH_ACCEPTED, Boolean.TRUE);
                }
                pack.getRepository().getConfig().setBoolean("gc", null, "autoDetach", false);
                pack.getRepository().getConfig().setString("gc", null, "prunePackExpire", "now");
                pack.getRepository().autoGC(org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE);
              });
          return rp;
        });
    ctx.addServlet(new ServletHolder(git), "/git/*");
    if (observer != null) {
      ctx.addFilter(
          new FilterHolder(observer), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    }
    if (requiredToken != null) {
      Filter auth =
          (request, response, chain) -> {
            String header = ((HttpServletRequest) request).getHeader("Authorization");
            String expected =
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(("token:" + requiredToken).getBytes());
            if (!expected.equals(header)) {
              HttpServletResponse r = (HttpServletResponse) response;
              r.setHeader("WWW-Authenticate", "Basic realm=\"registry\"");
              r.sendError(401);
              return;
            }
            chain.doFilter(request, response);
          };
      ctx.addFilter(
          new FilterHolder(auth), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    }
    ctx.addFilter(
        new FilterHolder(this::breakPushesOnRequest),
        "/*",
        EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    server.setHandler(ctx);
    server.start();
  }

  /** Serves the repositories under {@code base} at {@code http://127.0.0.1:<port>/git/<name>}. */
  public static GitHttpServer start(Path base) throws Exception {
    return new GitHttpServer(base.toAbsolutePath().normalize(), null, null);
  }

  /**
   * As {@link #start(Path)}, on the first free port among {@code ports} (a test needs a URL whose
   * port reads like an HTTP status).
   */
  public static GitHttpServer startOnOneOf(Path base, int... ports) throws Exception {
    java.io.IOException last = null;
    for (int port : ports) {
      try {
        return new GitHttpServer(base.toAbsolutePath().normalize(), null, null, port);
      } catch (java.io.IOException busy) {
        last = busy;
      }
    }
    throw new IllegalStateException(
        "None of the ports " + java.util.Arrays.toString(ports) + " is free", last);
  }

  /** As {@link #start(Path)}, answering 401 unless the client sends {@code token}. */
  public static GitHttpServer startWithToken(Path base, String token) throws Exception {
    return new GitHttpServer(base.toAbsolutePath().normalize(), token, null);
  }

  /**
   * As {@link #start(Path)}, with {@code observer} seeing every request first (benchmarks count
   * them).
   */
  public static GitHttpServer startObserved(Path base, Filter observer) throws Exception {
    return new GitHttpServer(base.toAbsolutePath().normalize(), null, observer);
  }

  /** The URL of repository {@code name}. */
  public String url(String name) {
    return "http://127.0.0.1:"
        + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
        + "/git/"
        + name;
  }

  /** From now on, refuse every push with {@code message} (null: accept again). */
  public void refusePushes(String message) {
    this.refusal = message;
  }

  /**
   * Runs {@code action} once, inside the next push, after the server has received it and before it
   * updates any branch (as a slow {@code update} hook leaves time for): another writer pushing in
   * {@code action} wins the race against that push, deterministically.
   */
  public void beforeNextPush(Runnable action) {
    beforeNextPush.set(action);
  }

  /** How {@link #breakPushes} breaks a push. */
  public enum BrokenPush {
    /** The push never reaches the repository; the client gets a 502. */
    BEFORE_APPLYING,
    /**
     * The push is applied, then the client gets a 502 instead of its report: it cannot know it
     * landed.
     */
    AFTER_APPLYING,
    /**
     * As AFTER_APPLYING, and then the server answers nothing but 503 until {@code breakPushes(0,
     * ..)}.
     */
    AFTER_APPLYING_THEN_DOWN
  }

  /** Breaks the next {@code count} pushes as a failing proxy or server would. */
  public void breakPushes(int count, BrokenPush how) {
    this.brokenPush = how;
    this.down = false;
    this.pushesToBreak.set(count);
  }

  private void breakPushesOnRequest(
      jakarta.servlet.ServletRequest request,
      jakarta.servlet.ServletResponse response,
      jakarta.servlet.FilterChain chain)
      throws java.io.IOException, jakarta.servlet.ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    if (down) {
      ((HttpServletResponse) response).sendError(503, "Service Unavailable");
      return;
    }
    boolean push =
        "POST".equals(http.getMethod()) && http.getRequestURI().endsWith("/git-receive-pack");
    if (!push || pushesToBreak.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
      chain.doFilter(request, response);
      return;
    }
    if (brokenPush == BrokenPush.BEFORE_APPLYING) {
      request.getInputStream().readAllBytes();
    } else {
      // run the push, then throw its report away
      chain.doFilter(
          request,
          new jakarta.servlet.http.HttpServletResponseWrapper((HttpServletResponse) response) {
            private final jakarta.servlet.ServletOutputStream discard =
                new jakarta.servlet.ServletOutputStream() {
                  @Override
                  public void write(int b) {}

                  @Override
                  public boolean isReady() {
                    return true;
                  }

                  @Override
                  public void setWriteListener(jakarta.servlet.WriteListener l) {}
                };

            @Override
            public jakarta.servlet.ServletOutputStream getOutputStream() {
              return discard;
            }

            @Override
            public void flushBuffer() {}
          });
      down = brokenPush == BrokenPush.AFTER_APPLYING_THEN_DOWN;
    }
    ((HttpServletResponse) response).sendError(502, "Bad Gateway");
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
