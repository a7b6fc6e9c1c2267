package dev.modelregistry.git.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The request handling of {@link ArtifactServer}, on Jetty's core API rather than a servlet:
 * truncating a body and closing the connection, or keeping a request without answering it, need the
 * raw endpoint and callback that the servlet API hides.
 */
final class ArtifactHandler extends Handler.Abstract {
  private final ArtifactServer server;
  private final ArtifactServer.Auth auth;

  ArtifactHandler(ArtifactServer server, ArtifactServer.Auth auth) {
    this.server = server;
    this.auth = auth;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String method = request.getMethod();
    String path = request.getHttpURI().getPath(); // raw, as sent: ".." must not be normalised away
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    server.record(
        new ArtifactServer.RecordedRequest(
            method, path, authorization, request.getHeaders().get(HttpHeader.RANGE)));
    ArtifactFaults faults = server.faults();
    if (faults.hang) {
      return true; // the callback is never completed; Jetty closes the connection on stop
    }
    Path file = resolve(path);
    if (file == null) {
      return error(request, response, callback, 400);
    }
    if (!auth.admits(authorization)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, auth.challenge());
      return error(request, response, callback, 401);
    }
    if (server.isForbidden(path)) {
      return error(request, response, callback, 403);
    }
    switch (method) {
      case "GET", "HEAD" -> get(request, response, callback, file, path);
      case "PUT" -> put(request, response, callback, file);
      case "DELETE" -> delete(request, response, callback, file);
      default -> {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, PUT, DELETE");
        error(request, response, callback, 405);
      }
    }
    return true;
  }

  /**
   * The file for a raw request path, or null (400) if the path has {@code ..}, {@code .} or empty
   * segments.
   */
  private Path resolve(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/") || rawPath.length() == 1) {
      return null;
    }
    Path file = server.dir();
    for (String encoded : rawPath.substring(1).split("/", -1)) {
      String segment;
      try {
        segment = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException badEscape) {
        return null;
      }
      // decoded too, so that %2e%2e and %2F cannot smuggle a traversal past this check; and the
      // temp files of uploads in progress are not artifacts, to be read or overwritten
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || segment.contains("/")
          || segment.contains("\\")
          || segment.startsWith(".upload-")) {
        return null;
      }
      file = file.resolve(segment);
    }
    return file.normalize().startsWith(server.dir()) ? file : null;
  }

  private void get(Request request, Response response, Callback callback, Path file, String path)
      throws IOException {
    ArtifactFaults faults = server.faults();
    if (faults.failGets != 0) {
      error(request, response, callback, faults.failGets);
      return;
    }
    if (faults.redirectTo != null) {
      response.setStatus(302);
      response
          .getHeaders()
          .put(HttpHeader.LOCATION, faults.redirectTo.resolve(path.substring(1)).toString());
      response.write(true, null, callback);
      return;
    }
    if (!Files.isRegularFile(file)) {
      error(request, response, callback, 404);
      return;
    }
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    long storedSize = attributes.size();
    // size-mtime, and the inode: a same-size replacement within the file system's coarse clock
    // tick must still change the ETag (every PUT renames a new file into place). The ETag stays the
    // stored file's under serveOtherBytes: a server corrupting bytes does not announce it.
    String etag =
        "\""
            + storedSize
            + "-"
            + attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS)
            + "-"
            + Integer.toHexString(Objects.hashCode(attributes.fileKey()))
            + "\"";
    byte[] other = faults.otherBytes;
    long size = other != null ? other.length : storedSize;

    long from = 0;
    long to = size - 1;
    int status = 200;
    String range = request.getHeaders().get(HttpHeader.RANGE);
    String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
    if (range != null && (ifRange == null || ifRange.equals(etag))) {
      long[] bounds = ArtifactBodies.parseRange(range, size);
      if (bounds == null) {
        response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        error(request, response, callback, 416);
        return;
      }
      if (bounds.length == 2) {
        from = bounds[0];
        to = bounds[1];
        status = 206;
        response
            .getHeaders()
            .put(HttpHeader.CONTENT_RANGE, "bytes " + from + "-" + to + "/" + size);
      }
    }
    long length = to - from + 1;
    long declared = faults.declaredLength >= 0 ? faults.declaredLength : length;
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, declared);
    response.getHeaders().put(HttpHeader.ETAG, etag);
    response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
    if (request.getMethod().equals("HEAD")) {
      response.write(true, null, callback);
      return;
    }
    long send = faults.takeTruncation() ? Math.min(length, faults.truncateAfter) : length;
    boolean cut = send < declared;
    try (InputStream in =
        other != null ? new java.io.ByteArrayInputStream(other) : Files.newInputStream(file)) {
      in.skipNBytes(from);
      OutputStream out = Content.Sink.asOutputStream(response);
      ArtifactBodies.copy(in, out, send, faults.bytesPerSecond);
      if (cut) {
        // what was sent must reach the client before the connection drops, or it sees no body
        out.flush();
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(new IOException("body cut short by ArtifactServer"));
        return;
      }
      out.close();
      callback.succeeded();
    } catch (IOException | InterruptedException e) {
      callback.failed(e);
    }
  }

  private void put(Request request, Response response, Callback callback, Path file)
      throws IOException {
    ArtifactFaults faults = server.faults();
    if (faults.failPuts != 0) {
      error(request, response, callback, faults.failPuts);
      return;
    }
    boolean mustBeNew = "*".equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH));
    boolean noOverwrite = server.refusesOverwrite();
    if (Files.exists(file) && (mustBeNew || noOverwrite)) {
      error(request, response, callback, mustBeNew ? 412 : 400);
      return;
    }
    if (Files.isDirectory(file)) {
      error(request, response, callback, 409);
      return;
    }
    // in dir itself, so that the rename into place is on one file system, hence atomic
    Path tmp = server.dir().resolve(".upload-" + UUID.randomUUID() + ".tmp");
    boolean replaced;
    try {
      try (InputStream in = Content.Source.asInputStream(request);
          OutputStream out = Files.newOutputStream(tmp)) {
        ArtifactBodies.copy(in, out, Long.MAX_VALUE, 0);
      }
      Files.createDirectories(file.getParent());
      if (mustBeNew || noOverwrite) {
        // no REPLACE_EXISTING: of two racing uploads to a new path, exactly one wins
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        replaced = false;
      } else {
        replaced = Files.exists(file);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (FileAlreadyExistsException lostRace) {
      Files.deleteIfExists(tmp);
      error(request, response, callback, mustBeNew ? 412 : 400);
      return;
    } catch (IOException | InterruptedException e) {
      Files.deleteIfExists(tmp); // a broken upload leaves nothing behind, as the store expects
      callback.failed(e);
      return;
    }
    response.setStatus(replaced ? 204 : 201);
    response.write(true, null, callback);
  }

  private void delete(Request request, Response response, Callback callback, Path file)
      throws IOException {
    try {
      Files.delete(file);
    } catch (NoSuchFileException absent) {
      error(request, response, callback, 404);
      return;
    }
    response.setStatus(204);
    response.write(true, null, callback);
  }

  /**
   * Answers {@code status} with an empty body, keeping the headers already set (a 401 needs its
   * {@code WWW-Authenticate}); Jetty's error page would only add noise.
   */
  private static boolean error(Request request, Response response, Callback callback, int status) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    response.write(true, null, callback);
    return true;
  }
}
