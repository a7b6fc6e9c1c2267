package dev.modelregistry.git.store;

import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opens HTTP(S) requests for the stores: with the timeouts, with credentials only for the origin
 * (scheme, host and port) they were looked up for, and following redirects by hand, because a
 * redirect to another host must never carry them (the JDK's own following would resend an {@code
 * Authorization} header set on the request) and a redirect from https to http is refused.
 */
final class HttpRequests {
  private static final int MAX_REDIRECTS = 5;

  private final HttpTimeouts timeouts;
  private final StoreLogins logins;
  private final String server;
  private final URI configured; // the store's url: only below it is the server id given

  HttpRequests(HttpTimeouts timeouts, StoreLogins logins, URI configured, String server) {
    this.timeouts = timeouts;
    this.logins = logins;
    this.configured = configured;
    this.server = server;
  }

  /** The response of a request, with the URI that answered (after redirects). */
  record Answer(HttpURLConnection connection, URI uri, int status) {}

  /**
   * Sends a body-less request ({@code GET}, {@code HEAD}, {@code DELETE}) and returns the first
   * answer that is not a redirect.
   */
  Answer send(String method, URI uri, Map<String, String> headers) throws IOException {
    URI at = uri;
    Optional<StoreLogin> login = loginFor(uri);
    for (int hops = 0; ; hops++) {
      HttpURLConnection c =
          open(method, at, headers, sameOrigin(uri, at) ? login : Optional.empty());
      int status = c.getResponseCode();
      if (!isRedirect(status) || hops >= MAX_REDIRECTS) {
        return new Answer(c, at, status);
      }
      String location = c.getHeaderField("Location");
      c.disconnect();
      if (location == null) {
        return new Answer(c, at, status);
      }
      URI next = at.resolve(location);
      if ("https".equalsIgnoreCase(at.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
        throw new RegistryRefusedException(
            at
                + " redirected to "
                + next
                + ", which is not https: refused, nothing was sent there.");
      }
      at = next;
    }
  }

  /** Opens a request that sends a body, with credentials for {@code uri}'s origin. */
  HttpURLConnection openUpload(String method, URI uri, Map<String, String> headers)
      throws IOException {
    HttpURLConnection c = open(method, uri, headers, loginFor(uri));
    c.setDoOutput(true);
    return c;
  }

  /** The credentials for {@code uri}: the server id only below the store's own url. */
  Optional<StoreLogin> loginFor(URI uri) {
    boolean below = configured != null && uri.toString().startsWith(configured.toString());
    return logins.loginFor(uri, below ? (server != null ? server : configured.getHost()) : null);
  }

  /** What was tried for credentials, for a refused login's message. */
  String triedFor(URI uri) {
    return loginFor(uri).map(Object::toString).orElse("no credentials")
        + " (looked for: "
        + logins.describe()
        + ")";
  }

  private HttpURLConnection open(
      String method, URI uri, Map<String, String> headers, Optional<StoreLogin> login)
      throws IOException {
    HttpURLConnection c;
    try {
      c = (HttpURLConnection) uri.toURL().openConnection();
    } catch (IllegalArgumentException e) {
      throw new RegistryUnavailableException("Cannot reach " + uri + ": " + e.getMessage(), e);
    }
    c.setRequestMethod(method);
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setConnectTimeout((int) timeouts.connect().toMillis());
    c.setReadTimeout((int) timeouts.read().toMillis());
    c.setRequestProperty("User-Agent", "model-registry");
    headers.forEach(c::setRequestProperty);
    login.ifPresent(l -> c.setRequestProperty("Authorization", l.authorization()));
    return c;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
