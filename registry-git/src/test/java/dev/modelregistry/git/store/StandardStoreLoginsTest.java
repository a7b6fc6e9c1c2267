package dev.modelregistry.git.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which credentials go where: the environment's only to the store registry.yaml names, a netrc line
 * only to its own host, never the netrc default line, and no secret in any description.
 */
class StandardStoreLoginsTest {
  private static final URI STORE = URI.create("https://nexus.example.com/repository/models/a");
  private static final URI ELSEWHERE = URI.create("https://attacker.example.net/x");

  @TempDir Path home;

  @Test
  void theEnvironmentTokenGoesOnlyToTheNamedStore() {
    StoreLogins logins =
        StandardStoreLogins.of(Map.of(StandardStoreLogins.TOKEN_VARIABLE, "tok-123"), home);
    assertEquals(Optional.of(new StoreLogin.Bearer("tok-123")), logins.loginFor(STORE, "models"));
    assertEquals(Optional.empty(), logins.loginFor(ELSEWHERE, null));
    assertEquals("Bearer tok-123", logins.loginFor(STORE, "models").get().authorization());
    assertFalse(logins.loginFor(STORE, "models").get().toString().contains("tok-123"));
    assertFalse(logins.describe().contains("tok-123"), logins.describe());
  }

  @Test
  void aUserAndPasswordAreSentAsBasicAndNeverPrinted() {
    StoreLogins logins =
        StandardStoreLogins.of(
            Map.of(
                StandardStoreLogins.USERNAME_VARIABLE, "ci",
                StandardStoreLogins.PASSWORD_VARIABLE, "pw-secret"),
            home);
    StoreLogin l = logins.loginFor(STORE, "models").orElseThrow();
    assertEquals("Basic Y2k6cHctc2VjcmV0", l.authorization()); // base64 of ci:pw-secret
    assertFalse(l.toString().contains("pw-secret"), l.toString());
  }

  @Test
  void aNetrcLineServesItsOwnHostButTheDefaultLineServesNone() throws Exception {
    Files.writeString(
        home.resolve(".netrc"),
        "machine nexus.example.com login reader password r-pass\n"
            + "default login anyone password leaked\n");
    StoreLogins logins = StandardStoreLogins.of(Map.of(), home);
    assertEquals(
        Optional.of(new StoreLogin.Basic("reader", "r-pass")), logins.loginFor(STORE, null));
    assertEquals(Optional.empty(), logins.loginFor(ELSEWHERE, null));
    assertEquals(Optional.empty(), logins.loginFor(ELSEWHERE, "models"));
    assertTrue(logins.describe().contains("~/.netrc"), logins.describe());
  }
}
