package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where new artifacts are stored ({@code store:} in {@code registry.yaml}); each version's pointer
 * keeps the uri it was stored under, so changing the store rewrites no history and older versions
 * are still read from where they are.
 *
 * <ul>
 *   <li>{@code local}: a content-addressed directory at {@code path}; a relative path is taken from
 *       the registry's Git directory, so the embedded registry keeps its bytes beside its history.
 *       {@code path} also says where {@code local:} pointers of older versions are read when the
 *       store has changed since.
 *   <li>{@code http}: {@code url} is a directory on an HTTP(S) server that takes PUT (Nexus raw,
 *       Artifactory generic, WebDAV, any file server): bytes go to {@code
 *       <url>/<model>/<version>/<upload id>/<file name>}.
 *   <li>{@code maven}: {@code url} is a Maven repository; artifacts are deployed as {@code
 *       <group>:<model>:<version>[:<type>]}. {@code also_read} lists repositories that older {@code
 *       mvn:} pointers were deployed to.
 * </ul>
 *
 * {@code server} names the credentials the front end looks up (a {@code settings.xml} server id);
 * credentials themselves never live here, and a {@code url} with a user or password in it is
 * refused.
 */
@JsonPropertyOrder({"type", "path", "url", "server", "group", "also_read"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StorePolicy(
    @JsonProperty("type") String type,
    @JsonProperty("path") String path,
    @JsonProperty("url") String url,
    @JsonProperty("server") String server,
    @JsonProperty("group") String group,
    @JsonProperty("also_read") List<String> alsoRead) {

  /** The embedded store's type. */
  public static final String LOCAL = "local";

  /** An HTTP(S) directory that takes PUT. */
  public static final String HTTP = "http";

  /** A Maven repository. */
  public static final String MAVEN = "maven";

  public StorePolicy {
    type = type == null ? LOCAL : type.toLowerCase(Locale.ROOT);
    if (!List.of(LOCAL, HTTP, MAVEN).contains(type)) {
      throw new InvalidInputException(
          "store.type "
              + Display.quote(type)
              + " is not a store: use 'local' (a directory), 'http' (an HTTP(S) server that takes"
              + " PUT) or 'maven' (a Maven repository).");
    }
    path = path == null || path.isBlank() ? "artifacts" : path;
    if (path.chars().anyMatch(c -> c < 0x20)) {
      throw new InvalidInputException("store.path has control characters: " + Display.quote(path));
    }
    if (type.equals(LOCAL) && url != null) {
      throw new InvalidInputException(
          "store.url is set but store.type is 'local': a local store has a path, not a URL. Set"
              + " store.type to 'http' or 'maven', or remove store.url.");
    }
    if (!type.equals(LOCAL)) {
      if (url == null || url.isBlank()) {
        throw new InvalidInputException(
            "store.type is '" + type + "' but store.url is missing: give the server's URL.");
      }
      url = checkUrl("store.url", url, type.equals(MAVEN));
    }
    alsoRead = alsoRead == null ? List.of() : List.copyOf(alsoRead);
    for (String u : alsoRead) {
      checkUrl("store.also_read", u, true);
    }
    if (server != null && (server.isBlank() || server.chars().anyMatch(c -> c <= 0x20))) {
      throw new InvalidInputException(
          "store.server " + Display.quote(server) + " must be a non-empty id without spaces.");
    }
    if (group != null && !group.matches("[A-Za-z0-9_.-]+")) {
      throw new InvalidInputException(
          "store.group "
              + Display.quote(group)
              + " is not a Maven group id (letters, digits, '.', '_', '-').");
    }
    if (group != null && !type.equals(MAVEN)) {
      throw new InvalidInputException("store.group is only for store.type 'maven'.");
    }
  }

  /** A local store at {@code path}. */
  public StorePolicy(String type, String path) {
    this(type, path, null, null, null, null);
  }

  /** The embedded default: {@code artifacts/} inside the registry's Git directory. */
  public static StorePolicy embedded() {
    return new StorePolicy(LOCAL, "artifacts");
  }

  /** An HTTP(S) store at {@code url}, credentials looked up under {@code server} (may be null). */
  public static StorePolicy http(String url, String server) {
    return new StorePolicy(HTTP, null, url, server, null, null);
  }

  /** A Maven repository at {@code url}, artifacts deployed under {@code group} (may be null). */
  public static StorePolicy maven(String url, String server, String group) {
    return new StorePolicy(MAVEN, null, url, server, group, null);
  }

  /** The same store, with {@code path} for {@code local:} pointers of older versions. */
  public StorePolicy withPath(String path) {
    return new StorePolicy(type, path, url, server, group, alsoRead);
  }

  /**
   * Refuses what no store URL may be: not http(s) (or file: for a Maven repository), a user or
   * password in it (credentials come from the front end and must never be committed), a query or
   * fragment. Returns it ending in '/', so that paths resolve below it.
   */
  private static String checkUrl(String key, String url, boolean fileAllowed) {
    URI u;
    try {
      u = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          key + " " + Display.quote(url) + " is not a URL: " + e.getReason() + ".");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    boolean web = scheme.equals("http") || scheme.equals("https");
    if (!web && !(fileAllowed && scheme.equals("file"))) {
      throw new InvalidInputException(
          key
              + " "
              + Display.quote(url)
              + " must be an https:// (or http://) URL"
              + (fileAllowed ? ", or file: for a repository on a mounted disk" : "")
              + ".");
    }
    if (u.getRawUserInfo() != null) {
      throw new InvalidInputException(
          key
              + " holds a user name or password. Credentials never go into registry.yaml (it is"
              + " committed and cloned): remove them from the URL and give them to the registry"
              + " command instead (environment, ~/.netrc or Maven's settings.xml).");
    }
    if (web && (u.getHost() == null || u.getHost().isBlank())) {
      throw new InvalidInputException(key + " " + Display.quote(url) + " names no host.");
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new InvalidInputException(
          key + " " + Display.quote(url) + " must not have a query (?) or fragment (#).");
    }
    String s = u.toString();
    return s.endsWith("/") ? s : s + "/";
  }
}
