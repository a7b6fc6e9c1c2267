package dev.modelregistry.git.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves each behaviour of {@link ArtifactServer} with real requests from the JDK's client. */
class ArtifactServerTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @TempDir Path dir;
  @TempDir Path otherDir;
  private ArtifactServer server;
  private ArtifactServer other;

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close();
    }
    if (other != null) {
      other.close();
    }
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(server.uri().resolve(path));
  }

  private HttpResponse<byte[]> put(String path, byte[] body) throws Exception {
    return send(at(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void putStoresAndGetServesWithLengthEtagAndRanges() throws Exception {
    server = ArtifactServer.start(dir);
    assertEquals(URI.create("http://127.0.0.1:" + server.uri().getPort() + "/"), server.uri());
    byte[] body = bytes(100_000, 1);

    assertEquals(201, put("models/a/b/weights.bin", body).statusCode());
    assertArrayEquals(body, server.stored("models/a/b/weights.bin"));
    assertArrayEquals(body, server.stored("/models/a/b/weights.bin"));
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(
          files.anyMatch(p -> p.getFileName().toString().startsWith(".upload-")),
          "no temp file left");
    }

    HttpResponse<byte[]> get = send(at("models/a/b/weights.bin"));
    assertEquals(200, get.statusCode());
    assertArrayEquals(body, get.body());
    assertEquals("100000", header(get, "Content-Length"));
    assertEquals("bytes", header(get, "Accept-Ranges"));
    assertTrue(header(get, "ETag").startsWith("\"100000-"), header(get, "ETag"));

    byte[] replacement = bytes(100_000, 2); // same size: the ETag must change all the same
    assertEquals(204, put("models/a/b/weights.bin", replacement).statusCode());
    HttpResponse<byte[]> again = send(at("models/a/b/weights.bin"));
    assertArrayEquals(replacement, again.body());
    assertNotEquals(header(get, "ETag"), header(again, "ETag"));
  }

  @Test
  void headAnswersTheHeadersOnly() throws Exception {
    server = ArtifactServer.start(dir);
    put("x.bin", bytes(1234, 3));
    HttpResponse<byte[]> head =
        send(at("x.bin").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, head.statusCode());
    assertEquals("1234", header(head, "Content-Length"));
    assertEquals("bytes", header(head, "Accept-Ranges"));
    assertTrue(head.headers().firstValue("ETag").isPresent());
    assertEquals(0, head.body().length);
    assertEquals(
        404,
        send(at("absent.bin").method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode());
  }

  @Test
  void rangeAnswers206UnlessIfRangeDiffers() throws Exception {
    server = ArtifactServer.start(dir);
    byte[] body = bytes(10_000, 4);
    put("r.bin", body);
    String etag = header(send(at("r.bin")), "ETag");

    HttpResponse<byte[]> tail = send(at("r.bin").header("Range", "bytes=4000-"));
    assertEquals(206, tail.statusCode());
    assertEquals("bytes 4000-9999/10000", header(tail, "Content-Range"));
    assertEquals("6000", header(tail, "Content-Length"));
    assertArrayEquals(java.util.Arrays.copyOfRange(body, 4000, 10_000), tail.body());

    HttpResponse<byte[]> same =
        send(at("r.bin").header("Range", "bytes=4000-").header("If-Range", etag));
    assertEquals(206, same.statusCode());
    assertEquals(6000, same.body().length);

    HttpResponse<byte[]> changed =
        send(at("r.bin").header("Range", "bytes=4000-").header("If-Range", "\"stale\""));
    assertEquals(200, changed.statusCode());
    assertNull(header(changed, "Content-Range"));
    assertArrayEquals(body, changed.body());

    HttpResponse<byte[]> beyond = send(at("r.bin").header("Range", "bytes=10000-"));
    assertEquals(416, beyond.statusCode());
    assertEquals("bytes */10000", header(beyond, "Content-Range"));

    assertEquals("bytes=4000-", server.requests().get(2).range());
  }

  @Test
  void deleteRemovesAndAbsentIs404() throws Exception {
    server = ArtifactServer.start(dir);
    put("d/e.bin", bytes(10, 5));
    assertEquals(204, send(at("d/e.bin").DELETE()).statusCode());
    assertNull(server.stored("d/e.bin"));
    assertEquals(404, send(at("d/e.bin")).statusCode());
    assertEquals(404, send(at("d/e.bin").DELETE()).statusCode());
  }

  @Test
  void pathsWithDotDotAre400() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    Files.writeString(dir.resolve("secret.txt"), "outside");
    server = ArtifactServer.start(served);
    String base = server.uri().toString().replaceAll("/$", "");
    for (String path :
        new String[] {
          "/../secret.txt", "/a/../../secret.txt", "/%2e%2e/secret.txt", "/a/../b.bin"
        }) {
      for (String method : new String[] {"GET", "PUT"}) {
        // a new client each time: Jetty drops the connection after a request it cannot parse,
        // and a pooled connection would then fail the next request
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString("x"))
                .build();
        assertEquals(
            400,
            fresh.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(),
            method + " " + path);
      }
    }
    assertEquals("outside", Files.readString(dir.resolve("secret.txt")));
    assertNull(server.stored("b.bin"), "not normalised to /b.bin either");
    // those escaping the root Jetty refuses before the handler; the others the handler refuses
    assertEquals(
        java.util.List.of("GET /a/../b.bin", "PUT /a/../b.bin"),
        server.requests().stream().map(r -> r.method() + " " + r.path()).toList());
  }

  @Test
  void ifNoneMatchStarOnAnExistingFileIs412() throws Exception {
    server = ArtifactServer.start(dir);
    HttpRequest.Builder create =
        at("once.bin").header("If-None-Match", "*").PUT(HttpRequest.BodyPublishers.ofString("1"));
    assertEquals(201, send(create).statusCode());
    HttpRequest.Builder again =
        at("once.bin").header("If-None-Match", "*").PUT(HttpRequest.BodyPublishers.ofString("2"));
    assertEquals(412, send(again).statusCode());
    assertArrayEquals("1".getBytes(StandardCharsets.UTF_8), server.stored("once.bin"));
  }

  @Test
  void refuseOverwriteAnswers400OnAnExistingPath() throws Exception {
    server = ArtifactServer.start(dir);
    server.refuseOverwrite();
    assertEquals(201, put("rel.bin", "1".getBytes(StandardCharsets.UTF_8)).statusCode());
    assertEquals(400, put("rel.bin", "2".getBytes(StandardCharsets.UTF_8)).statusCode());
    assertArrayEquals("1".getBytes(StandardCharsets.UTF_8), server.stored("rel.bin"));
  }

  @Test
  void basicAuthChallengesMissingOrWrongCredentialsAndRecordsThem() throws Exception {
    server = ArtifactServer.start(dir, ArtifactServer.Auth.basic("ci", "s3cret"));
    String good = "Basic " + Base64.getEncoder().encodeToString("ci:s3cret".getBytes());
    String bad = "Basic " + Base64.getEncoder().encodeToString("ci:wrong".getBytes());

    HttpResponse<byte[]> none = put("a.bin", bytes(10, 6));
    assertEquals(401, none.statusCode());
    assertTrue(header(none, "WWW-Authenticate").startsWith("Basic "));
    HttpResponse<byte[]> wrong =
        send(at("a.bin").header("Authorization", bad).PUT(HttpRequest.BodyPublishers.noBody()));
    assertEquals(401, wrong.statusCode());
    assertNull(server.stored("a.bin"));

    HttpRequest.Builder ok =
        at("a.bin").header("Authorization", good).PUT(HttpRequest.BodyPublishers.ofString("x"));
    assertEquals(201, send(ok).statusCode());
    assertEquals(200, send(at("a.bin").header("Authorization", good)).statusCode());

    assertEquals(
        java.util.List.of(
            new ArtifactServer.RecordedRequest("PUT", "/a.bin", null, null),
            new ArtifactServer.RecordedRequest("PUT", "/a.bin", bad, null),
            new ArtifactServer.RecordedRequest("PUT", "/a.bin", good, null),
            new ArtifactServer.RecordedRequest("GET", "/a.bin", good, null)),
        server.requests());
    server.clearRequests();
    assertTrue(server.requests().isEmpty());
  }

  @Test
  void bearerAuthAndForbiddenPrefix() throws Exception {
    server = ArtifactServer.start(dir, ArtifactServer.Auth.bearer("tok-1"));
    server.forbidden("/secret/");
    HttpResponse<byte[]> none = send(at("open/a.bin"));
    assertEquals(401, none.statusCode());
    assertTrue(header(none, "WWW-Authenticate").startsWith("Bearer "));
    assertEquals(401, send(at("open/a.bin").header("Authorization", "Bearer tok-2")).statusCode());
    HttpRequest.Builder putOpen =
        at("open/a.bin")
            .header("Authorization", "Bearer tok-1")
            .PUT(HttpRequest.BodyPublishers.ofString("x"));
    assertEquals(201, send(putOpen).statusCode());
    HttpRequest.Builder putSecret =
        at("secret/a.bin")
            .header("Authorization", "Bearer tok-1")
            .PUT(HttpRequest.BodyPublishers.ofString("x"));
    assertEquals(403, send(putSecret).statusCode());
    assertNull(server.stored("secret/a.bin"));
  }

  @Test
  void failPutsAndFailGetsUntilReset() throws Exception {
    server = ArtifactServer.start(dir);
    put("f.bin", bytes(10, 7));
    server.failPuts(500);
    server.failGets(503);
    assertEquals(500, put("g.bin", bytes(10, 8)).statusCode());
    assertNull(server.stored("g.bin"));
    assertEquals(503, send(at("f.bin")).statusCode());
    server.reset();
    assertEquals(201, put("g.bin", bytes(10, 8)).statusCode());
    assertEquals(200, send(at("f.bin")).statusCode());
  }

  /** Reads a body until the connection drops; returns what arrived. */
  private static byte[] readUntilDropped(HttpResponse<InputStream> response) {
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    assertThrows(
        IOException.class,
        () -> {
          try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
              got.write(buffer, 0, n);
            }
          }
        });
    return got.toByteArray();
  }

  @Test
  void truncatedGetsDeclareTheFullLengthThenResumeWithRange() throws Exception {
    server = ArtifactServer.start(dir);
    byte[] body = bytes(300_000, 9);
    put("t.bin", body);
    server.truncateNextGets(1, 100_000);

    HttpResponse<InputStream> cut =
        CLIENT.send(at("t.bin").build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, cut.statusCode());
    assertEquals("300000", header(cut, "Content-Length"));
    byte[] first = readUntilDropped(cut);
    assertEquals(100_000, first.length);
    assertArrayEquals(java.util.Arrays.copyOf(body, 100_000), first);

    HttpResponse<byte[]> rest =
        send(at("t.bin").header("Range", "bytes=100000-").header("If-Range", header(cut, "ETag")));
    assertEquals(206, rest.statusCode());
    assertArrayEquals(java.util.Arrays.copyOfRange(body, 100_000, 300_000), rest.body());
    assertArrayEquals(body, send(at("t.bin")).body(), "only the next n GETs are cut");
  }

  @Test
  void wrongContentLengthDeclaresMoreThanItSends() throws Exception {
    server = ArtifactServer.start(dir);
    byte[] body = bytes(5_000, 10);
    put("w.bin", body);
    server.wrongContentLength(9_000);
    HttpResponse<InputStream> response =
        CLIENT.send(at("w.bin").build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals("9000", header(response, "Content-Length"));
    assertArrayEquals(body, readUntilDropped(response));
    assertThrows(IOException.class, () -> send(at("w.bin")));
  }

  @Test
  void hangTimesClientsOutAndDoesNotBlockClose() throws Exception {
    server = ArtifactServer.start(dir);
    put("h.bin", bytes(10, 11));
    server.hang();
    HttpRequest request = at("h.bin").timeout(Duration.ofMillis(500)).build();
    assertThrows(
        HttpTimeoutException.class,
        () -> CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    // one more left hanging in the background while the server closes, once it has reached the
    // server: what is tested is the close of a hung request, not a connect racing Jetty's stop
    // (a request still connecting while Jetty stopped hung past 10 s once, in a full build)
    int seen = server.requests().size();
    var pending = CLIENT.sendAsync(at("h.bin").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          while (server.requests().size() == seen) {
            Thread.sleep(10);
          }
        });
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> server.close());
    server = null;
    // the hung request ends once the server is gone (how depends on the client: an error, or a
    // retried GET that reaches whatever listens next), rather than waiting forever
    assertTimeoutPreemptively(
        Duration.ofSeconds(15),
        () -> pending.handle((r, e) -> null).get(10, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void serveOtherBytesWithAMatchingLength() throws Exception {
    server = ArtifactServer.start(dir);
    put("o.bin", bytes(1000, 12));
    byte[] wrong = "not the artifact".getBytes(StandardCharsets.UTF_8);
    server.serveOtherBytes(wrong);
    HttpResponse<byte[]> get = send(at("o.bin"));
    assertEquals(200, get.statusCode());
    assertEquals(String.valueOf(wrong.length), header(get, "Content-Length"));
    assertArrayEquals(wrong, get.body());
    assertEquals(1000, server.stored("o.bin").length, "the stored bytes are untouched");
  }

  @Test
  void redirectGetsToAnotherHostWhichRecordsNoCredentials() throws Exception {
    server = ArtifactServer.start(dir, ArtifactServer.Auth.bearer("tok"));
    other = ArtifactServer.startOn("localhost", otherDir);
    assertEquals("localhost", other.uri().getHost());
    byte[] body = bytes(2000, 13);
    assertEquals(
        201,
        send(HttpRequest.newBuilder(other.uri().resolve("m/r.bin"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)))
            .statusCode());
    server.redirectGetsTo(other.uri());

    assertEquals(401, send(at("m/r.bin")).statusCode(), "authenticates before redirecting");
    HttpResponse<byte[]> redirect = send(at("m/r.bin").header("Authorization", "Bearer tok"));
    assertEquals(302, redirect.statusCode());
    URI location = URI.create(header(redirect, "Location"));
    assertEquals(other.uri().resolve("m/r.bin"), location);

    HttpResponse<byte[]> followed = send(HttpRequest.newBuilder(location));
    assertArrayEquals(body, followed.body());
    Optional<ArtifactServer.RecordedRequest> get =
        other.requests().stream().filter(r -> r.method().equals("GET")).findFirst();
    assertEquals("/m/r.bin", get.orElseThrow().path());
    assertNull(get.orElseThrow().authorization());
  }

  @Test
  void throttleSlowsGets() throws Exception {
    server = ArtifactServer.start(dir);
    put("s.bin", bytes(40_000, 14));
    server.throttle(100_000);
    long start = System.nanoTime();
    assertEquals(40_000, send(at("s.bin")).body().length);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 300, "took " + millis + " ms");
  }

  @Test
  void streamsALargeBodyBothWays() throws Exception {
    server = ArtifactServer.start(dir);
    long size = 256L * 1024 * 1024;
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    // generated as it is sent, and paused halfway until the server's temp file holds a quarter:
    // a server that buffered the body in memory would write nothing yet, and fail this test
    HttpRequest.BodyPublisher generated =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(
                () -> new PatternStream(size, sent, () -> awaitUploadOnDisk(size / 4))),
            size);
    assertEquals(201, send(at("big.bin").PUT(generated)).statusCode());
    assertEquals(size, Files.size(dir.resolve("big.bin")));

    MessageDigest received = MessageDigest.getInstance("SHA-256");
    HttpResponse<InputStream> get =
        CLIENT.send(at("big.bin").build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(String.valueOf(size), header(get, "Content-Length"));
    try (InputStream in = get.body()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        received.update(buffer, 0, n);
      }
    }
    assertArrayEquals(sent.digest(), received.digest());
  }

  /** Waits until an upload temp file in {@link #dir} holds {@code bytes}, or fails. */
  private void awaitUploadOnDisk(long bytes) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.list(dir)) {
        boolean written =
            files
                .filter(p -> p.getFileName().toString().startsWith(".upload-"))
                .anyMatch(p -> p.toFile().length() >= bytes);
        if (written) {
          return;
        }
        Thread.sleep(20);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("half the body sent and not a quarter on disk: not streamed");
  }

  /** {@code size} bytes of a pattern, hashed as they are read, calling {@code atHalf} once. */
  private static final class PatternStream extends InputStream {
    private final long size;
    private long left;
    private final MessageDigest digest;
    private Runnable atHalf;

    PatternStream(long size, MessageDigest digest, Runnable atHalf) {
      this.size = size;
      this.left = size;
      this.digest = digest;
      this.atHalf = atHalf;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      if (atHalf != null && left <= size / 2) {
        Runnable once = atHalf;
        atHalf = null;
        once.run();
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((left - i) * 31);
      }
      left -= n;
      digest.update(b, off, n);
      return n;
    }
  }
}
