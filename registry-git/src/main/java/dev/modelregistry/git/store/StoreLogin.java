package dev.modelregistry.git.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Credentials for an artifact store: a user and password (HTTP basic) or a token (HTTP bearer). The
 * front end finds them (environment, {@code ~/.netrc}, Maven's {@code settings.xml}); the library
 * only sends them, and never prints them: {@link #toString} names the kind and the user, not the
 * secret.
 */
public sealed interface StoreLogin {

  /** The value of an {@code Authorization} header that presents these credentials. */
  String authorization();

  /** A user name and password, sent as HTTP basic authentication. */
  record Basic(String user, String password) implements StoreLogin {
    public Basic {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String authorization() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "user " + user + " with a password";
    }
  }

  /** A token, sent as {@code Authorization: Bearer <token>}. */
  record Bearer(String token) implements StoreLogin {
    public Bearer {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String authorization() {
      return "Bearer " + token;
    }

    @Override
    public String toString() {
      return "a bearer token";
    }
  }
}
