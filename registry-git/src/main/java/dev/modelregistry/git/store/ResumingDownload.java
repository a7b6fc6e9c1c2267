package dev.modelregistry.git.store;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The bytes at a URL, as one stream, exactly {@code pointer.size()} of them: a connection that
 * breaks off (closed early, a read that times out, a body shorter than announced) is resumed where
 * it stopped with a range request ({@code Range} and, when the server gave an {@code ETag}, {@code
 * If-Range}, so that a file replaced meanwhile is not spliced onto the old one's start), up to
 * {@link HttpTimeouts#resumes} times. The bytes are not checked here: a {@link
 * VerifyingInputStream} around this does that, so even a server without validators that splices two
 * files can only make the download fail, never pass.
 */
final class ResumingDownload extends InputStream {
  private final HttpRequests http;
  private final URI uri;
  private final ArtifactPointer pointer;
  private final HttpTimeouts timeouts;
  private HttpURLConnection connection;
  private InputStream body;
  private String validator; // ETag (or Last-Modified) of the first answer
  private long position;
  private int resumed;

  ResumingDownload(HttpRequests http, URI uri, ArtifactPointer pointer, HttpTimeouts timeouts)
      throws IOException {
    this.http = http;
    this.uri = uri;
    this.pointer = pointer;
    this.timeouts = timeouts;
    connect();
  }

  private void connect() throws IOException {
    Map<String, String> headers = new HashMap<>();
    if (position > 0) {
      headers.put("Range", "bytes=" + position + "-");
      if (validator != null) {
        headers.put("If-Range", validator);
      }
    }
    HttpRequests.Answer a = http.send("GET", uri, headers);
    connection = a.connection();
    int status = a.status();
    if (position > 0 && status == 206) {
      String range = connection.getHeaderField("Content-Range");
      if (range == null || !range.startsWith("bytes " + position + "-")) {
        throw broken("it answered the range request for bytes " + position + "- with " + range);
      }
    } else if (status == 200) {
      if (position > 0) {
        // the server ignored the range, or the file changed (If-Range): start over is the only
        // way to a consistent file, and the caller's hash would mix two files otherwise
        throw broken("it sent the whole file again instead of the rest");
      }
      long length = connection.getContentLengthLong();
      if (length >= 0 && length != pointer.size()) {
        connection.disconnect();
        throw new RegistryRefusedException(
            "The store at "
                + a.uri()
                + " holds "
                + length
                + " bytes for "
                + pointer.fileName()
                + ", registered with "
                + pointer.size()
                + " (sha256 "
                + pointer.sha256().hex()
                + "): these are not the registered bytes. Nothing was written. Put the right bytes"
                + " back at that URL (restore, naming this model and version), or roll back if"
                + " this version is live.");
      }
      validator = connection.getHeaderField("ETag");
      if (validator == null || validator.startsWith("W/")) {
        validator = connection.getHeaderField("Last-Modified");
      }
    } else {
      throw HttpArtifactStore.failure("GET", a, pointer, http);
    }
    body = connection.getInputStream();
  }

  private RegistryUnavailableException broken(String what) {
    connection.disconnect();
    return new RegistryUnavailableException(
        "The download of "
            + uri
            + " broke off after "
            + position
            + " of "
            + pointer.size()
            + " bytes and could not be resumed: "
            + what
            + ". Nothing was kept; run it again.");
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    while (true) {
      try {
        int n = body.read(buf, off, len);
        if (n > 0) {
          position += n;
          return n;
        }
        if (n < 0 && position >= pointer.size()) {
          return -1; // the end, where it was expected (a longer body is the verifier's to judge)
        }
        if (n < 0) {
          throw new IOException("the connection closed after " + position + " bytes");
        }
      } catch (IOException e) {
        resume(e); // a refusal met while resuming (the file is gone now) is thrown as it is
      }
    }
  }

  private void resume(IOException cause) throws IOException {
    connection.disconnect();
    if (resumed >= timeouts.resumes()) {
      throw new RegistryUnavailableException(
          "The download of "
              + uri
              + " broke off after "
              + position
              + " of "
              + pointer.size()
              + " bytes"
              + (resumed > 0 ? ", also after " + resumed + " resumed attempts" : "")
              + ": "
              + cause.getMessage()
              + ". Nothing was kept. Check the server and the network, then run it again.",
          cause);
    }
    resumed++;
    try {
      connect();
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "The download of "
              + uri
              + " broke off after "
              + position
              + " of "
              + pointer.size()
              + " bytes, and resuming it failed: "
              + e.getMessage()
              + ". Nothing was kept; check the server and the network, then run it again.",
          e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (body != null) {
        body.close();
      }
    } finally {
      connection.disconnect();
    }
  }
}
