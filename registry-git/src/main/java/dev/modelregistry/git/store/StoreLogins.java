package dev.modelregistry.git.store;

import java.net.URI;
import java.util.Optional;

/**
 * Where the credentials of artifact stores come from, as the front end decided: asked with the
 * location about to be contacted and the {@code store.server} id of {@code registry.yaml} (null if
 * it names none). Asked again for every store opened, never cached by the library.
 */
@FunctionalInterface
public interface StoreLogins {
  /** No credentials anywhere: every store is reached anonymously. */
  StoreLogins NONE = (location, server) -> Optional.empty();

  /** The credentials for {@code location}, if the front end has any. */
  Optional<StoreLogin> loginFor(URI location, String server);

  /** What these logins try, in words, for the message of a refused login (no secret in it). */
  default String describe() {
    return "no credentials";
  }

  /** These logins, described as {@code tried} in messages. */
  static StoreLogins described(StoreLogins logins, String tried) {
    return new StoreLogins() {
      @Override
      public Optional<StoreLogin> loginFor(URI location, String server) {
        return logins.loginFor(location, server);
      }

      @Override
      public String describe() {
        return tried;
      }
    };
  }
}
