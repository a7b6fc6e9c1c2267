package dev.modelregistry.git.store;

import java.util.Objects;

/**
 * How this process reaches artifact stores beyond the local directory, as the front end said: the
 * credentials and the timeouts of HTTP(S) and Maven-repository stores, and the resolver that Maven
 * repositories are reached through.
 *
 * @param logins where credentials come from
 * @param timeouts how long to wait
 * @param maven where a Maven-repository store gets its resolver, per operation: by default the
 *     library's own ({@link MavenAccess#STANDALONE}), loaded only when an operation needs it; in
 *     the Maven plugin, the build's
 */
public record StoreSettings(StoreLogins logins, HttpTimeouts timeouts, MavenAccess.Source maven) {
  /** Anonymous, default timeouts. */
  public static final StoreSettings DEFAULT =
      new StoreSettings(StoreLogins.NONE, HttpTimeouts.DEFAULT);

  public StoreSettings {
    Objects.requireNonNull(logins, "logins");
    Objects.requireNonNull(timeouts, "timeouts");
    maven = maven == null ? MavenAccess.STANDALONE : maven;
  }

  /** With the library's own resolver for Maven repositories. */
  public StoreSettings(StoreLogins logins, HttpTimeouts timeouts) {
    this(logins, timeouts, null);
  }

  public StoreSettings withLogins(StoreLogins logins) {
    return new StoreSettings(logins, timeouts, maven);
  }

  public StoreSettings withTimeouts(HttpTimeouts timeouts) {
    return new StoreSettings(logins, timeouts, maven);
  }

  /** With Maven repositories reached through {@code maven}. */
  public StoreSettings withMaven(MavenAccess.Source maven) {
    return new StoreSettings(logins, timeouts, maven);
  }
}
