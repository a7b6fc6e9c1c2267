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

  private GitHttpServer(Path base, String requiredToken) throws Exception {
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
    git.setReceivePackFactory((req, db) -> {
      ReceivePack rp = new ReceivePack(db);
      rp.setAtomic(true);
      rp.setPreReceiveHook((PreReceiveHook) (pack, commands) -> {
        String why = refusal;
        if (why != null) {
          for (ReceiveCommand c : commands) {
            c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, why);
          }
        }
      });
      // as git's receive.autogc: a server that never repacks slows down with every push
      rp.setPostReceiveHook((pack, commands) -> {
        pack.getRepository().getConfig().setBoolean("gc", null, "autoDetach", false);
        pack.getRepository().getConfig().setString("gc", null, "prunePackExpire", "now");
        pack.getRepository().autoGC(org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE);
      });
      return rp;
    });
    ctx.addServlet(new ServletHolder(git), "/git/*");
    if (requiredToken != null) {
      Filter auth = (request, response, chain) -> {
        String header = ((HttpServletRequest) request).getHeader("Authorization");
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(("token:" + requiredToken).getBytes());
        if (!expected.equals(header)) {
          HttpServletResponse r = (HttpServletResponse) response;
          r.setHeader("WWW-Authenticate", "Basic realm=\"registry\"");
          r.sendError(401);
          return;
        }
        chain.doFilter(request, response);
      };
      ctx.addFilter(new FilterHolder(auth), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    }
    server.setHandler(ctx);
    server.start();
  }

  /** Serves the repositories under {@code base} at {@code http://127.0.0.1:<port>/git/<name>}. */
  public static GitHttpServer start(Path base) throws Exception {
    return new GitHttpServer(base.toAbsolutePath().normalize(), null);
  }

  /** As {@link #start(Path)}, answering 401 unless the client sends {@code token}. */
  public static GitHttpServer startWithToken(Path base, String token) throws Exception {
    return new GitHttpServer(base.toAbsolutePath().normalize(), token);
  }

  /** The URL of repository {@code name}. */
  public String url(String name) {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/git/" + name;
  }

  /** From now on, refuse every push with {@code message} (null: accept again). */
  public void refusePushes(String message) {
    this.refusal = message;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

}
