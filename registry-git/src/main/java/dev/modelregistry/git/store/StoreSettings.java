package dev.modelregistry.git.store;

import java.util.Objects;

/**
 * How this process reaches artifact stores beyond the local directory, as the front end said: the
 * credentials and the timeouts of HTTP(S) and Maven-repository stores.
 *
 * @param logins where credentials come from
 * @param timeouts how long to wait
 */
public record StoreSettings(StoreLogins logins, HttpTimeouts timeouts) {
  /** Anonymous, default timeouts. */
  public static final StoreSettings DEFAULT =
      new StoreSettings(StoreLogins.NONE, HttpTimeouts.DEFAULT);

  public StoreSettings {
    Objects.requireNonNull(logins, "logins");
    Objects.requireNonNull(timeouts, "timeouts");
  }

  public StoreSettings withLogins(StoreLogins logins) {
    return new StoreSettings(logins, timeouts);
  }

  public StoreSettings withTimeouts(HttpTimeouts timeouts) {
    return new StoreSettings(logins, timeouts);
  }
}
