package dev.modelregistry.git.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Test fixture: a Maven repository over HTTP on loopback, as Nexus serves a hosted repository to
 * the resolver: GET, HEAD and PUT of files under a directory, HTTP basic authentication when a user
 * is set (401 with a challenge otherwise), and a record of every request.
 */
public final class MavenRepositoryServer implements AutoCloseable {
  private final Path root;
  private final String user;
  private final String password;
  private final List<String> requests = new ArrayList<>();
  private HttpServer server;
  private int port;

  /** Anonymous, if {@code user} is null. */
  public MavenRepositoryServer(Path root, String user, String password) {
    this.root = root.toAbsolutePath().normalize();
    this.user = user;
    this.password = password;
    start(0);
  }

  /** The repository's URL, ending in '/'. */
  public String url() {
    return "http://127.0.0.1:" + port + "/repository/models/";
  }

  /** The directory whose files it serves. */
  public Path root() {
    return root;
  }

  /** The file at {@code path} (relative, as in the repository layout). */
  public Path file(String path) {
    return root.resolve(path);
  }

  /** Every request so far, as {@code METHOD path}. */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** The PUT requests so far. */
  public synchronized List<String> puts() {
    return requests.stream().filter(r -> r.startsWith("PUT ")).toList();
  }

  public synchronized void clearRequests() {
    requests.clear();
  }

  /** Stops answering: connections are refused until {@link #restart}. */
  public void stop() {
    server.stop(0);
  }

  /** Answers again on the same port. */
  public void restart() {
    start(port);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void start(int at) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), at), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/repository/models/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String rel = ex.getRequestURI().getPath().substring("/repository/models/".length());
      synchronized (this) {
        requests.add(method + " " + rel);
      }
      Path file = root.resolve(rel).normalize();
      if (!file.startsWith(root)) {
        send(ex, 400, null);
        return;
      }
      if (user != null) {
        String expected =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
          ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"models\"");
          send(ex, 401, null);
          return;
        }
      }
      switch (method) {
        case "PUT" -> {
          Files.createDirectories(file.getParent());
          Path tmp = Files.createTempFile(file.getParent(), ".put-", ".part");
          try (InputStream in = ex.getRequestBody()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          }
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
          send(ex, 201, null);
        }
        case "GET", "HEAD" -> {
          if (!Files.isRegularFile(file)) {
            send(ex, 404, null);
            return;
          }
          byte[] body = Files.readAllBytes(file);
          if (method.equals("HEAD")) {
            ex.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
            ex.sendResponseHeaders(200, -1);
          } else {
            send(ex, 200, body);
          }
        }
        default -> send(ex, 405, null);
      }
    }
  }

  private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }
}
