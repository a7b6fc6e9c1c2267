package dev.modelregistry.git.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.transport.NetRC;

/**
 * The credentials every front end offers for artifact stores, from what it hands over (the library
 * reads no environment of its own): {@value #TOKEN_VARIABLE} (a bearer token) or {@value
 * #USERNAME_VARIABLE} and {@value #PASSWORD_VARIABLE}, then {@code ~/.netrc}. The variables are
 * given only for the store {@code registry.yaml} names (a pointer to another host never gets them);
 * a {@code ~/.netrc} line only for its own host, never its {@code default} line, since a pointer in
 * the catalogue may name any host.
 */
public final class StandardStoreLogins {
  /** A bearer token for the store. */
  public static final String TOKEN_VARIABLE = "REGISTRY_STORE_TOKEN";

  /** A user name for the store (with {@value #PASSWORD_VARIABLE}). */
  public static final String USERNAME_VARIABLE = "REGISTRY_STORE_USERNAME";

  /** The password for {@value #USERNAME_VARIABLE}. */
  public static final String PASSWORD_VARIABLE = "REGISTRY_STORE_PASSWORD";

  private StandardStoreLogins() {}

  /** The variables of {@code env}, then {@code <home>/.netrc}. */
  public static StoreLogins of(Map<String, String> env, Path home) {
    List<StoreLogins> chain = new ArrayList<>();
    List<String> tried = new ArrayList<>();
    String token = env.get(TOKEN_VARIABLE);
    String user = env.get(USERNAME_VARIABLE);
    String password = env.get(PASSWORD_VARIABLE);
    if (token != null && !token.isBlank()) {
      StoreLogin bearer = new StoreLogin.Bearer(token.strip());
      chain.add(forTheStore(bearer));
      tried.add(TOKEN_VARIABLE);
    } else if (user != null && !user.isBlank() && password != null) {
      StoreLogin basic = new StoreLogin.Basic(user, password);
      chain.add(forTheStore(basic));
      tried.add(USERNAME_VARIABLE + " and " + PASSWORD_VARIABLE);
    }
    Path netrc = home.resolve(".netrc");
    if (Files.isRegularFile(netrc)) {
      chain.add(netrc(netrc));
      tried.add("~/.netrc");
    }
    return StoreLogins.described(
        firstOf(chain), tried.isEmpty() ? "no credentials" : String.join(", then ", tried));
  }

  /** The first of {@code chain} that has credentials for a location. */
  public static StoreLogins firstOf(List<StoreLogins> chain) {
    List<StoreLogins> copy = List.copyOf(chain);
    return (location, server) -> {
      for (StoreLogins l : copy) {
        Optional<StoreLogin> found = l.loginFor(location, server);
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    };
  }

  /** {@code login}, for the store registry.yaml names only (server given). */
  private static StoreLogins forTheStore(StoreLogin login) {
    return (location, server) -> server == null ? Optional.empty() : Optional.of(login);
  }

  /** The {@code machine} line of the location's host, if the file has one. */
  static StoreLogins netrc(Path file) {
    NetRC rc = new NetRC(file.toFile());
    return (location, server) -> {
      String host = location.getHost();
      if (host == null) {
        return Optional.empty();
      }
      NetRC.NetRCEntry e = rc.getEntry(host);
      if (e == null || e.machine == null || !e.machine.equalsIgnoreCase(host) || e.login == null) {
        return Optional.empty(); // the default line: not for hosts a catalogue may name
      }
      return Optional.of(
          new StoreLogin.Basic(e.login, e.password == null ? "" : new String(e.password)));
    };
  }
}
