package dev.modelregistry.git.store;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * How a Maven-repository store reaches repositories: a resolver {@link RepositorySystem}, sessions
 * made from it for one operation each, and the {@link RemoteRepository} of a url with the
 * credentials of its server id applied. Two kinds: {@link #standalone} (the library's own resolver,
 * for the CLI, a service or a test) and {@link #of} (a build's resolver and session, for the Maven
 * plugin, where Maven's own resolver 1.x replaces the library's 2.x; so the stores use only
 * resolver API both have).
 *
 * <p>An access serves one store operation (a deploy, a resolve) and is then closed: a standalone
 * one shuts its resolver down (its connection pools and threads), so nothing lingers between
 * operations of a long-lived registry, and a registry whose pointers are not {@code mvn:} never
 * loads the resolver at all. A build's access leaves the build's resolver alone.
 */
public interface MavenAccess extends AutoCloseable {

  /** The resolver. */
  RepositorySystem system();

  /**
   * A session for one operation, whose local repository is {@code localRepository} (a fresh
   * directory, so that every read asks the server rather than a copy from earlier), with checksum
   * policy {@code fail}, SHA-256, SHA-1 and MD5 checksum files, the store timeouts, and what {@code
   * repositories} need to log in.
   */
  RepositorySystemSession session(Path localRepository, List<RemoteRepository> repositories);

  /**
   * The repository at {@code url} (releases only, checksums checked), logging in with the
   * credentials of {@code server} ({@code store.server}; null for the host's own, if any).
   */
  RemoteRepository repository(String url, String server);

  /** What the credentials tried for {@code url}, in words and without a secret, for a refusal. */
  String describeLogin(String url, String server);

  /** A directory for this access's temporary local repositories. */
  Path scratch();

  /** Ends what the access opened (a standalone resolver); never throws. */
  @Override
  void close();

  /** Where stores get an access from, one per operation. */
  @FunctionalInterface
  interface Source {
    /** An access with {@code settings}' credentials and timeouts; the caller closes it. */
    MavenAccess open(StoreSettings settings);
  }

  /**
   * The library's own resolver ({@code maven-resolver-supplier-mvn3}), with temporary local
   * repositories under the system's temporary directory (one directory per user, so that users of
   * one machine do not trip over each other's): made only when a store first needs it.
   */
  Source STANDALONE =
      settings -> {
        try {
          return standalone(
              Path.of(System.getProperty("java.io.tmpdir"))
                  .resolve("registry-maven-" + System.getProperty("user.name", "user")),
              settings);
        } catch (NoClassDefFoundError absent) {
          throw new dev.modelregistry.model.RegistryUnavailableException(
              "This program has no Maven resolver of its own (maven-resolver-supplier-mvn3 is not"
                  + " on its class path) and was given none: it cannot reach the Maven repository"
                  + " of registry.yaml's store. Run the registry command or the Maven goal, which"
                  + " have one. Nothing was registered or written.",
              absent);
        }
      };

  /**
   * A standalone resolver whose temporary local repositories go under {@code localRepositoryDir}
   * (created if absent; each operation's is removed after it), logging in with {@code settings}'
   * credentials, waiting as its timeouts say. Close it when done.
   */
  static MavenAccess standalone(Path localRepositoryDir, StoreSettings settings) {
    return StandaloneMaven.open(localRepositoryDir, settings);
  }

  /**
   * An access through a build's resolver and session (Maven's {@code RepositorySystem} and {@code
   * MavenSession.getRepositorySession()}): each operation gets a copy of {@code session} with its
   * own local repository; credentials come from {@code logins} (the plugin makes them from {@code
   * settings.xml}'s servers). Closing it leaves the build's resolver alone.
   */
  static MavenAccess of(
      RepositorySystem system,
      RepositorySystemSession session,
      StoreLogins logins,
      HttpTimeouts timeouts,
      Path scratch) {
    return new BuildSessionMaven(system, session, logins, timeouts, scratch);
  }
}
