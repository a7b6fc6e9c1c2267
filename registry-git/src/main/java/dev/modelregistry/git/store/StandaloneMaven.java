package dev.modelregistry.git.store;

import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;

/**
 * The library's own resolver, made with {@code maven-resolver-supplier-mvn3}: the only class that
 * touches the supplier (the Maven plugin excludes it and uses the build's resolver instead).
 */
final class StandaloneMaven implements MavenAccess {
  private final RepositorySystem system;
  private final StoreSettings settings;
  private final Path scratch;
  private final Map<String, StoreLogin.Bearer> bearers = new HashMap<>();
  private final List<RepositorySystemSession.CloseableSession> sessions = new ArrayList<>();

  private StandaloneMaven(RepositorySystem system, StoreSettings settings, Path scratch) {
    this.system = system;
    this.settings = settings;
    this.scratch = scratch;
  }

  static MavenAccess open(Path localRepositoryDir, StoreSettings settings) {
    try {
      Files.createDirectories(localRepositoryDir);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot create " + localRepositoryDir + " for Maven downloads: " + e.getMessage(), e);
    }
    return new StandaloneMaven(new RepositorySystemSupplier().get(), settings, localRepositoryDir);
  }

  @Override
  public RepositorySystem system() {
    return system;
  }

  @Override
  public synchronized RepositorySystemSession session(
      Path localRepository, List<RemoteRepository> repositories) {
    RepositorySystemSession.SessionBuilder b =
        new SessionBuilderSupplier(system)
            .get()
            .withLocalRepositoryBaseDirectories(localRepository)
            .setOffline(false)
            .setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL)
            .setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_ALWAYS);
    MavenSessions.config(settings.timeouts(), bearers, repositories).forEach(b::setConfigProperty);
    RepositorySystemSession.CloseableSession s = b.build();
    sessions.add(s);
    return s;
  }

  @Override
  public synchronized RemoteRepository repository(String url, String server) {
    return MavenSessions.repository(url, server, settings.logins(), bearers);
  }

  @Override
  public String describeLogin(String url, String server) {
    return MavenSessions.describeLogin(settings.logins(), url, server);
  }

  @Override
  public Path scratch() {
    return scratch;
  }

  @Override
  public synchronized void close() {
    for (RepositorySystemSession.CloseableSession s : sessions) {
      try {
        s.close();
      } catch (RuntimeException e) {
        // ending a session only releases resources: nothing to tell
      }
    }
    sessions.clear();
    try {
      system.shutdown();
    } catch (RuntimeException e) {
      // as above
    }
  }
}
