package dev.modelregistry.git.store;

import dev.modelregistry.git.errors.ArtifactMissingException;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;

/**
 * A directory on an HTTP(S) server that takes PUT: Nexus raw, Artifactory generic, WebDAV, any file
 * server. An upload goes to {@code <url>/<model>/<version>/<upload id>/<file name>} in one pass,
 * hashed while it streams (the sha256 is known only at the end, so the address cannot be
 * content-derived without reading the file twice); the upload id makes every attempt its own file,
 * so two writers racing for one version, or a retry, never overwrite bytes a pointer names. A read
 * is a GET of the pointer's uri, resumed with a range request when the connection breaks off, and
 * checked for size and sha256 as it streams.
 */
public final class HttpArtifactStore implements ArtifactStore {
  private final URI base;
  private final HttpRequests http;
  private final HttpTimeouts timeouts;

  /**
   * A store below {@code base}, logging in with what {@code logins} give for it ({@code server} is
   * the id they are looked up under, null for the host's).
   */
  public HttpArtifactStore(URI base, String server, StoreLogins logins, HttpTimeouts timeouts) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.timeouts = timeouts;
    this.http = new HttpRequests(timeouts, logins, this.base, server);
  }

  /** The directory this store uploads into. */
  public URI base() {
    return base;
  }

  /** Whether {@code uri} is an HTTP(S) pointer this kind of store reads. */
  public static boolean reads(String uri) {
    return uri.startsWith("https://") || uri.startsWith("http://");
  }

  @Override
  public Stored put(Path source, StoreKey key, CopyProgress progress) {
    URI target = base.resolve(relativePath(key, source));
    Uploaded u = upload(source, target, progress);
    return new Stored(target.toString(), u.sha256(), u.size(), true, null);
  }

  /**
   * Puts the backup's copy back at the pointer's own uri, once its size and sha256 are checked: the
   * pointer then reads it again, and no other file on the server is touched.
   */
  @Override
  public Stored restore(Path source, ArtifactPointer expected) {
    try {
      FileCopy.Hashed h = FileCopy.hash(source);
      if (h.size() != expected.size() || !h.sha256().equals(expected.sha256())) {
        throw new dev.modelregistry.git.errors.ChecksumMismatchException(
            expected, h.sha256(), h.size(), source.toString());
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + source + ": " + e.getMessage(), e);
    }
    URI target = uriOf(expected);
    Uploaded u = upload(source, target, CopyProgress.NONE);
    if (!u.sha256().equals(expected.sha256())) {
      throw new dev.modelregistry.git.errors.ChecksumMismatchException(
          expected, u.sha256(), u.size(), source.toString()); // it changed while it was uploaded
    }
    return new Stored(target.toString(), u.sha256(), u.size(), true, null);
  }

  private record Uploaded(Sha256 sha256, long size) {}

  /** Uploads {@code source} to {@code target} in one pass, hashed while it streams. */
  private Uploaded upload(Path source, URI target, CopyProgress progress) {
    FileState before;
    try {
      before = FileState.of(source);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Artifact " + source + " does not exist.", e);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + source + ": " + e.getMessage(), e);
    }
    long total = before.size();
    MessageDigest digest = Hashing.sha256();
    long copied;
    HttpURLConnection c = null;
    StallWatch stall = null;
    try {
      // Expect: 100-continue lets a server refuse (a login, a full disk) before the whole file is
      // sent, and the refusal is then read instead of a broken pipe
      c =
          http.openUpload(
              "PUT",
              target,
              Map.of("Content-Type", "application/octet-stream", "Expect", "100-continue"));
      c.setFixedLengthStreamingMode(total);
      HttpURLConnection open = c;
      try (FileChannel in =
              FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
          OutputStream out = c.getOutputStream();
          StallWatch watch = new StallWatch(timeouts.read(), open::disconnect)) {
        stall = watch;
        copied =
            HashingCopy.copy(
                in, StreamChannels.writing(out, watch::moved), digest, total, progress);
      }
      int status = c.getResponseCode();
      if (status != 200 && status != 201 && status != 204) {
        throw failure("PUT", new HttpRequests.Answer(c, target, status), null, http);
      }
    } catch (java.net.ProtocolException rejected) {
      throw rejectedUpload(c, target, rejected);
    } catch (SocketTimeoutException e) {
      throw new RegistryUnavailableException(
          "The store at "
              + target
              + " did not answer the upload within "
              + timeouts.read().toSeconds()
              + " s. Nothing was registered; check the server, then run it again.",
          e);
    } catch (IOException e) {
      if (stall != null && stall.stalled()) {
        throw new RegistryUnavailableException(
            "The store at "
                + target
                + " stopped taking the upload: nothing moved for "
                + timeouts.read().toSeconds()
                + " s. Nothing was registered; check the server, then run it again.",
            e);
      }
      Integer status = statusAfterFailure(c);
      if (status != null && status >= 300) {
        throw failure("PUT", new HttpRequests.Answer(c, target, status), null, http);
      }
      throw new RegistryUnavailableException(
          "Cannot upload "
              + source
              + " to "
              + target
              + ": "
              + e.getMessage()
              + ". Nothing was registered; check the server, then run it again.",
          e);
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
    try {
      before.requireUnchanged(source, copied);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + source + ": " + e.getMessage(), e);
    } catch (RuntimeException changed) {
      deleteQuietly(target);
      throw changed;
    }
    return new Uploaded(Sha256.of(digest.digest()), copied);
  }

  @Override
  public Stored put(Path source, CopyProgress progress) {
    return put(source, null, progress);
  }

  /** {@code <model>/<version>/<upload id>/<file name>}, each part escaped for a URL path. */
  private static String relativePath(StoreKey key, Path source) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String file = key == null ? source.getFileName().toString() : key.fileName();
    String prefix =
        key == null ? "uploads/" : segment(key.model()) + "/" + segment(key.version()) + "/";
    return prefix + id + "/" + segment(file);
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private RuntimeException rejectedUpload(HttpURLConnection c, URI target, IOException cause) {
    Integer status = statusAfterFailure(c);
    if (status != null) {
      return failure("PUT", new HttpRequests.Answer(c, target, status), null, http);
    }
    return new RegistryUnavailableException(
        "The store at " + target + " rejected the upload: " + cause.getMessage() + ".", cause);
  }

  private static Integer statusAfterFailure(HttpURLConnection c) {
    if (c == null) {
      return null;
    }
    try {
      int s = c.getResponseCode();
      return s < 0 ? null : s;
    } catch (IOException | RuntimeException e) {
      return null; // the connection is gone: the first failure is the one to report
    }
  }

  @Override
  public InputStream open(ArtifactPointer pointer) {
    URI uri = uriOf(pointer);
    try {
      return new ResumingDownload(http, uri, pointer, timeouts);
    } catch (SocketTimeoutException e) {
      throw new RegistryUnavailableException(
          "The store at "
              + uri
              + " did not answer within "
              + timeouts.read().toSeconds()
              + " s. Check the server, then run it again.",
          e);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot download "
              + uri
              + ": "
              + e.getMessage()
              + ". Check the server, then run it again.",
          e);
    }
  }

  /**
   * The refusal or outage an HTTP status means, in words: a login refused (401) or a permission
   * missing (403) is the user's to fix; absent bytes (404 on a read) are a missing artifact; the
   * rest (5xx, anything unexpected) an outage a retry may cure.
   */
  static RuntimeException failure(
      String method, HttpRequests.Answer a, ArtifactPointer pointer, HttpRequests http) {
    String what = method.equals("PUT") ? "upload to " : "download of ";
    String reason = reason(a.connection());
    switch (a.status()) {
      case 401:
        return new RegistryRefusedException(
            "The store at "
                + a.uri()
                + " refused the login (401"
                + reason
                + ") for the "
                + what
                + a.uri()
                + "; sent: "
                + http.triedFor(a.uri())
                + ". Give the registry command credentials for this server (a user and password or a"
                + " token), then run it again. Nothing was registered or written.");
      case 403:
        return new RegistryRefusedException(
            "The store at "
                + a.uri()
                + " does not allow the "
                + what
                + a.uri()
                + " (403"
                + reason
                + ") with "
                + http.triedFor(a.uri())
                + ". Ask the server's administrators for "
                + (method.equals("PUT") ? "write" : "read")
                + " permission there. Nothing was registered or written.");
      case 404:
      case 410:
        if (pointer != null) {
          return new ArtifactMissingException(
              pointer,
              "Artifact "
                  + pointer.fileName()
                  + " (sha256 "
                  + pointer.sha256().abbreviated()
                  + "...) is missing from the store: "
                  + a.uri()
                  + " answered "
                  + a.status()
                  + ". Restore it from a backup (restore, naming this model and version: the"
                  + " bytes come from the newest backup that has them, checked against this sha256"
                  + " and uploaded to that URL), or register the model again under a new version.",
              null);
        }
        return new RegistryRefusedException(
            "The store at "
                + a.uri()
                + " answered "
                + a.status()
                + reason
                + " to the upload: is store.url in registry.yaml a directory that takes PUT?"
                + " Nothing was registered.");
      default:
        if (a.status() >= 300 && a.status() < 400) {
          return new RegistryRefusedException(
              "The store at "
                  + a.uri()
                  + " redirected the "
                  + what.trim()
                  + " to "
                  + a.connection().getHeaderField("Location")
                  + " ("
                  + a.status()
                  + "); uploads are not sent on to another address. Set store.url in registry.yaml"
                  + " to the address the server wants. Nothing was registered.");
        }
        return new RegistryUnavailableException(
            "The store at "
                + a.uri()
                + " failed the "
                + what
                + a.uri()
                + " ("
                + a.status()
                + reason
                + "). Nothing was registered or written; run it again once the server is well.");
    }
  }

  private static String reason(HttpURLConnection c) {
    try {
      String m = c.getResponseMessage();
      return m == null || m.isBlank() ? "" : " " + m.strip();
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void delete(Sha256 sha256) {
    // a content hash does not name a file in this store: the upload is removed by its uri
  }

  @Override
  public void delete(Stored stored) {
    deleteQuietly(URI.create(stored.uri()));
  }

  /** Removes an upload nothing points to; a leftover costs only room, so failures are ignored. */
  private void deleteQuietly(URI uri) {
    try {
      http.send("DELETE", uri, Map.of()).connection().disconnect();
    } catch (IOException | RuntimeException e) {
      // a leftover upload is harmless: no pointer names it
    }
  }

  @Override
  public String describe(ArtifactPointer pointer) {
    return pointer.uri();
  }

  private static URI uriOf(ArtifactPointer pointer) {
    try {
      URI u = new URI(pointer.uri());
      if (!reads(pointer.uri()) || u.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL with a host");
      }
      return u;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new RegistryRefusedException(
          "artifact.yaml's uri " + pointer.uri() + " is not an http(s) URL: " + e.getMessage());
    }
  }
}
