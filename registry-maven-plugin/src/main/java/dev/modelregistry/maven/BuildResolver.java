package dev.modelregistry.maven;

import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.store.MavenAccess;
import dev.modelregistry.git.store.StandardStoreLogins;
import dev.modelregistry.git.store.StoreLogin;
import dev.modelregistry.git.store.StoreLogins;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.DeploymentRepository;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.RepositorySystem;

/**
 * The build's resolver and credentials, handed to the library for Maven-repository stores: the
 * goals deploy and resolve through Maven's own {@code RepositorySystem} and a copy of the build's
 * session (its proxies and transport settings), and log in with the {@code settings.xml} server
 * whose id is {@code store.server}, decrypted as Maven decrypts it.
 *
 * <p>Where the artifacts go stays {@code store.url} of {@code registry.yaml}, which is signed
 * policy: a project's {@code distributionManagement} never redirects it. When {@code store.server}
 * is not set and the project's release repository is at {@code store.url}, that repository's id is
 * the server whose credentials are sent, so a project that already deploys there needs nothing
 * more.
 */
final class BuildResolver {
  private BuildResolver() {}

  /** {@code options} with the build's resolver and settings.xml's servers after its logins. */
  static RegistryOptions apply(
      RegistryOptions options,
      RepositorySystem system,
      MavenSession session,
      SettingsDecrypter decrypter,
      MavenProject project) {
    if (system == null || session == null || session.getRepositorySession() == null) {
      return options; // a test harness without a build: the library's defaults
    }
    Settings settings = session.getSettings();
    StoreLogins servers = servers(settings, decrypter, project);
    StoreLogins first = options.stores().logins();
    String tried =
        (first.describe().equals("no credentials") ? "" : first.describe() + ", then ")
            + "the servers of Maven's settings.xml";
    StoreLogins logins =
        StoreLogins.described(StandardStoreLogins.firstOf(List.of(first, servers)), tried);
    Path scratch = Path.of(System.getProperty("java.io.tmpdir")).resolve("registry-maven");
    return options.withStores(
        options
            .stores()
            .withLogins(logins)
            .withMaven(
                s ->
                    MavenAccess.of(
                        system,
                        session.getRepositorySession(),
                        s.logins(),
                        s.timeouts(),
                        scratch)));
  }

  /**
   * How a goal opens a registry: from this process's environment ({@code REGISTRY_CACHE}, {@code
   * REGISTRY_TOKEN}, the passphrase variables, {@code STRICT_VERSION_MODE}, the store variables),
   * Maven-repository stores through the build's resolver and settings.xml, the goal's {@code cache}
   * overriding the cache, and a terminal to ask for a passphrase only when Maven runs interactively
   * and has one.
   */
  static RegistryOptions options(AbstractRegistryMojo goal) {
    RegistryOptions o =
        RegistryOptions.fromEnvironment(
            System.getenv(),
            java.nio.file.Path.of(System.getProperty("user.home")),
            goal.interactive ? System.console() : null);
    o = apply(o, goal.repositorySystem, goal.session, goal.settingsDecrypter, goal.project);
    return goal.cache == null ? o : o.withCacheDirectory(goal.cache.toPath());
  }

  private static StoreLogins servers(
      Settings settings, SettingsDecrypter decrypter, MavenProject project) {
    return (location, server) -> {
      if (settings == null) {
        return Optional.empty();
      }
      String id = server;
      if (id == null || settings.getServer(id) == null) {
        id = releaseRepositoryAt(project, location).orElse(id);
      }
      if (id == null) {
        return Optional.empty(); // a settings.xml server is for the store registry.yaml names
      }
      Server s = settings.getServer(id);
      if (s == null) {
        return Optional.empty();
      }
      if (decrypter != null) {
        SettingsDecryptionResult r = decrypter.decrypt(new DefaultSettingsDecryptionRequest(s));
        if (r.getServer() != null) {
          s = r.getServer();
        }
      }
      if (s.getUsername() == null && s.getPassword() != null) {
        return Optional.of(new StoreLogin.Bearer(s.getPassword()));
      }
      if (s.getUsername() != null) {
        return Optional.<StoreLogin>of(
            new StoreLogin.Basic(s.getUsername(), s.getPassword() == null ? "" : s.getPassword()));
      }
      return Optional.empty();
    };
  }

  /** The id of the project's release repository, if {@code location} is below its url. */
  private static Optional<String> releaseRepositoryAt(MavenProject project, URI location) {
    if (project == null
        || project.getDistributionManagement() == null
        || project.getDistributionManagement().getRepository() == null) {
      return Optional.empty();
    }
    DeploymentRepository r = project.getDistributionManagement().getRepository();
    String url = r.getUrl();
    if (url == null || r.getId() == null) {
      return Optional.empty();
    }
    String base = url.endsWith("/") ? url : url + "/";
    String at = location.toString();
    return at.startsWith(base) || (at + "/").equals(base)
        ? Optional.of(r.getId())
        : Optional.empty();
  }
}
