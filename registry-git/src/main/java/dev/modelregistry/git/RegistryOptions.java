package dev.modelregistry.git;

import dev.modelregistry.git.signing.EnvironmentPassphrases;
import dev.modelregistry.git.signing.PassphraseSource;
import dev.modelregistry.git.store.StandardStoreLogins;
import dev.modelregistry.git.store.StoreSettings;
import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * What a front end tells the library when it opens a registry, so that the library reads no
 * environment variable or system property of its own: where remote clones and this user's local
 * state go, the credentials for HTTP(S) remotes, where passphrases of protected keys come from,
 * whether dataset drift blocks a promotion, and whether it may change a JVM-wide setting.
 * Immutable; each {@code with...} returns a copy.
 *
 * @param cacheDirectory where clones of remote registries and this user's local state about every
 *     registry are kept
 * @param credentials for HTTP(S) remotes, or null for none (anonymous, and {@code ~/.netrc} and
 *     git's credential helpers if the front end chains them in; see {@link #standardCredentials})
 * @param credentialsTried what {@code credentials} tries, in words, for the message of a refused
 *     login
 * @param passphrases where passphrases of protected keys come from
 * @param strictDatasets true if dataset drift blocks a promotion (the default), false if it only
 *     warns
 * @param isolateBouncyCastle true to make the SSH library use the BouncyCastle of its own class
 *     loader (a JVM-wide system property; needed where another class loader registered its own, as
 *     in Maven)
 * @param stores credentials and timeouts for HTTP(S) and Maven-repository artifact stores
 */
public record RegistryOptions(
    Path cacheDirectory,
    CredentialsProvider credentials,
    String credentialsTried,
    PassphraseSource passphrases,
    boolean strictDatasets,
    boolean isolateBouncyCastle,
    StoreSettings stores) {

  public RegistryOptions {
    Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    passphrases =
        passphrases == null
            ? PassphraseSource.none("give it to the program that runs the registry")
            : passphrases;
    credentialsTried = credentialsTried == null ? "no credentials" : credentialsTried;
    stores = stores == null ? StoreSettings.DEFAULT : stores;
  }

  /** As given, with the default (anonymous) store settings. */
  public RegistryOptions(
      Path cacheDirectory,
      CredentialsProvider credentials,
      String credentialsTried,
      PassphraseSource passphrases,
      boolean strictDatasets,
      boolean isolateBouncyCastle) {
    this(
        cacheDirectory,
        credentials,
        credentialsTried,
        passphrases,
        strictDatasets,
        isolateBouncyCastle,
        null);
  }

  /**
   * Where downloaded artifacts are kept, by sha256, shared by {@code pull}, the loader and every
   * registry opened with this cache: {@code artifacts/} in {@link #cacheDirectory}.
   */
  public Path artifactCache() {
    return cacheDirectory.resolve("artifacts");
  }

  public RegistryOptions withStores(StoreSettings stores) {
    return new RegistryOptions(
        cacheDirectory,
        credentials,
        credentialsTried,
        passphrases,
        strictDatasets,
        isolateBouncyCastle,
        stores);
  }

  /** Everything at its default, with the cache under {@code cacheDirectory}. */
  public static RegistryOptions in(Path cacheDirectory) {
    return new RegistryOptions(cacheDirectory, null, null, null, true, false);
  }

  /**
   * The defaults a library user (a test, a service) gets from {@code Registry.open(url)}: the cache
   * in {@code ~/.cache/model-registry} (the home directory as JGit finds it), credentials from
   * {@code ~/.netrc} and git's credential helpers, no passphrases.
   */
  public static RegistryOptions defaults() {
    Path home = org.eclipse.jgit.util.FS.DETECTED.userHome().toPath();
    return in(home.resolve(".cache").resolve("model-registry"))
        .withCredentials(
            standardCredentials(null),
            "~/.netrc, then git's credential helpers (git credential fill)")
        .withStores(
            StoreSettings.DEFAULT.withLogins(StandardStoreLogins.of(java.util.Map.of(), home)));
  }

  /**
   * The credentials a Git user has for HTTPS: {@code token} if given (as git does with a token in a
   * URL, user {@code token}), else {@code ~/.netrc}, else git's own credential helpers (the
   * keychain or store {@code git push} uses; never a prompt).
   */
  public static CredentialsProvider standardCredentials(
      org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider token) {
    CredentialsProvider helpers =
        new org.eclipse.jgit.transport.ChainingCredentialsProvider(
            new org.eclipse.jgit.transport.NetRCCredentialsProvider(),
            new dev.modelregistry.git.remote.GitCredentialHelper());
    return token == null
        ? helpers
        : new org.eclipse.jgit.transport.ChainingCredentialsProvider(token, helpers);
  }

  /** The variable that moves the cache (clones of remotes, local state). */
  public static final String CACHE_VARIABLE = "REGISTRY_CACHE";

  /** A token for HTTPS remotes, and its user name (default {@code token}). */
  public static final String TOKEN_VARIABLE = "REGISTRY_TOKEN";

  public static final String USERNAME_VARIABLE = "REGISTRY_USERNAME";

  /** {@code false}, {@code 0} or {@code no}: dataset drift only warns (the seeds' switch). */
  public static final String STRICT_VARIABLE = "STRICT_VERSION_MODE";

  /**
   * The options every front end derives from the same environment variables, which it hands over
   * (the library reads none itself): {@value #CACHE_VARIABLE} (default {@code
   * <home>/.cache/model-registry}), {@value #TOKEN_VARIABLE} and {@value #USERNAME_VARIABLE} ahead
   * of {@code ~/.netrc} and git's credential helpers, the passphrase variables of {@link
   * EnvironmentPassphrases}, {@value #STRICT_VARIABLE}, and the artifact stores' credentials of
   * {@link StandardStoreLogins}. Asks at {@code console} for a passphrase where one is given (null:
   * never asks); isolates BouncyCastle.
   */
  public static RegistryOptions fromEnvironment(
      java.util.Map<String, String> env, Path home, java.io.Console console) {
    String cache = env.get(CACHE_VARIABLE);
    Path dir =
        cache == null || cache.isBlank()
            ? home.resolve(".cache").resolve("model-registry")
            : Path.of(cache);
    String token = env.get(TOKEN_VARIABLE);
    org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider tokenLogin = null;
    String tried =
        (java.nio.file.Files.exists(home.resolve(".netrc")) ? "~/.netrc, then " : "")
            + "git's credential helpers (git credential fill)";
    if (token != null && !token.isBlank()) {
      String user = env.get(USERNAME_VARIABLE);
      tokenLogin =
          new org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider(
              user == null || user.isBlank() ? "token" : user, token);
      tried = "the token in " + TOKEN_VARIABLE + ", then " + tried;
    }
    String strict = env.get(STRICT_VARIABLE);
    boolean lenient =
        strict != null
            && (strict.equalsIgnoreCase("false")
                || strict.equals("0")
                || strict.equalsIgnoreCase("no"));
    return new RegistryOptions(
        dir,
        standardCredentials(tokenLogin),
        tried,
        new EnvironmentPassphrases(env, console),
        !lenient,
        true,
        StoreSettings.DEFAULT.withLogins(StandardStoreLogins.of(env, home)));
  }

  public RegistryOptions withCacheDirectory(Path cacheDirectory) {
    return new RegistryOptions(
        cacheDirectory,
        credentials,
        credentialsTried,
        passphrases,
        strictDatasets,
        isolateBouncyCastle,
        stores);
  }

  public RegistryOptions withCredentials(CredentialsProvider credentials, String tried) {
    return new RegistryOptions(
        cacheDirectory,
        credentials,
        tried,
        passphrases,
        strictDatasets,
        isolateBouncyCastle,
        stores);
  }

  public RegistryOptions withPassphrases(PassphraseSource passphrases) {
    return new RegistryOptions(
        cacheDirectory,
        credentials,
        credentialsTried,
        passphrases,
        strictDatasets,
        isolateBouncyCastle,
        stores);
  }

  public RegistryOptions withStrictDatasets(boolean strict) {
    return new RegistryOptions(
        cacheDirectory,
        credentials,
        credentialsTried,
        passphrases,
        strict,
        isolateBouncyCastle,
        stores);
  }

  public RegistryOptions withIsolatedBouncyCastle(boolean isolate) {
    return new RegistryOptions(
        cacheDirectory,
        credentials,
        credentialsTried,
        passphrases,
        strictDatasets,
        isolate,
        stores);
  }

  @Override
  public String toString() {
    return "RegistryOptions[cache="
        + cacheDirectory
        + ", credentials="
        + credentialsTried
        + ", strictDatasets="
        + strictDatasets
        + ", stores="
        + stores.logins().describe()
        + "]";
  }
}
