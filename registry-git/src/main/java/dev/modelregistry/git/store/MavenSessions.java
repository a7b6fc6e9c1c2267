package dev.modelregistry.git.store;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.util.repository.AuthenticationBuilder;

/**
 * What both kinds of {@link MavenAccess} set on a session and a repository, under the names of
 * resolver 1.x (Maven 3.9's) and 2.x alike: each ignores the other's.
 */
final class MavenSessions {
  /** SHA-256 first: written beside every deployed file, and checked first when present. */
  static final String CHECKSUMS = "SHA-256,SHA-1,MD5";

  private MavenSessions() {}

  /**
   * The configuration properties of a store operation's session; {@code bearers}: the tokens of the
   * repositories {@link #repository} made, by repository id.
   */
  static Map<String, Object> config(
      HttpTimeouts timeouts, Map<String, StoreLogin.Bearer> bearers, List<RemoteRepository> repos) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("aether.checksums.algorithms", CHECKSUMS); // 1.9
    c.put("aether.checksums.checksumAlgorithms", CHECKSUMS); // 2.0
    int connect = (int) Math.min(Integer.MAX_VALUE, timeouts.connect().toMillis());
    int read = (int) Math.min(Integer.MAX_VALUE, timeouts.read().toMillis());
    c.put("aether.connector.connectTimeout", connect); // 1.9
    c.put("aether.connector.requestTimeout", read);
    c.put("aether.transport.http.connectTimeout", connect); // 2.0
    c.put("aether.transport.http.requestTimeout", read);
    for (RemoteRepository r : repos) {
      StoreLogin.Bearer b = bearers.get(r.getId());
      if (b != null) {
        // a token is a header: the resolver's Authentication has users and passwords only
        Map<String, String> h = Map.of("Authorization", b.authorization());
        c.put("aether.connector.http.headers." + r.getId(), h);
        c.put("aether.transport.http.headers." + r.getId(), h);
      }
    }
    return c;
  }

  /**
   * The repository at {@code url}: releases only, checked with policy fail, with the login {@code
   * logins} give for it (a token goes into {@code bearers}, see {@link #config}).
   */
  static RemoteRepository repository(
      String url, String server, StoreLogins logins, Map<String, StoreLogin.Bearer> bearers) {
    RepositoryPolicy releases =
        new RepositoryPolicy(
            true, RepositoryPolicy.UPDATE_POLICY_ALWAYS, RepositoryPolicy.CHECKSUM_POLICY_FAIL);
    RepositoryPolicy noSnapshots =
        new RepositoryPolicy(
            false, RepositoryPolicy.UPDATE_POLICY_ALWAYS, RepositoryPolicy.CHECKSUM_POLICY_FAIL);
    String id = server != null ? server : "registry-" + Integer.toHexString(url.hashCode());
    RemoteRepository.Builder b =
        new RemoteRepository.Builder(id, "default", url)
            .setReleasePolicy(releases)
            .setSnapshotPolicy(noSnapshots);
    Optional<StoreLogin> login = loginOf(logins, url, server);
    if (login.isPresent() && login.get() instanceof StoreLogin.Basic basic) {
      b.setAuthentication(
          new AuthenticationBuilder()
              .addUsername(basic.user())
              .addPassword(basic.password())
              .build());
    } else if (login.isPresent() && login.get() instanceof StoreLogin.Bearer bearer) {
      bearers.put(id, bearer);
    }
    return b.build();
  }

  /** What was tried for {@code url}, without a secret. */
  static String describeLogin(StoreLogins logins, String url, String server) {
    return loginOf(logins, url, server).map(Object::toString).orElse("no credentials")
        + " (looked for: "
        + logins.describe()
        + ")";
  }

  private static Optional<StoreLogin> loginOf(StoreLogins logins, String url, String server) {
    try {
      return logins.loginFor(URI.create(url), server);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
