package dev.modelregistry.git.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;

/**
 * A build's resolver and session (inside Maven): only API that resolver 1.x and 2.x share, since
 * Maven's own resolver is the one loaded. Each operation works on a copy of the build's session
 * with its own local repository, no workspace (the reactor must not answer for the server) and no
 * cache of earlier answers.
 */
final class BuildSessionMaven implements MavenAccess {
  private final RepositorySystem system;
  private final RepositorySystemSession build;
  private final StoreLogins logins;
  private final HttpTimeouts timeouts;
  private final Path scratch;
  private final Map<String, StoreLogin.Bearer> bearers = new HashMap<>();

  BuildSessionMaven(
      RepositorySystem system,
      RepositorySystemSession build,
      StoreLogins logins,
      HttpTimeouts timeouts,
      Path scratch) {
    this.system = system;
    this.build = build;
    this.logins = logins;
    this.timeouts = timeouts;
    this.scratch = scratch;
  }

  @Override
  public RepositorySystem system() {
    return system;
  }

  @Override
  @SuppressWarnings("deprecation") // the copy constructor is what 1.x has
  public synchronized RepositorySystemSession session(
      Path localRepository, List<RemoteRepository> repositories) {
    DefaultRepositorySystemSession s = new DefaultRepositorySystemSession(build);
    s.setLocalRepositoryManager(
        system.newLocalRepositoryManager(s, new LocalRepository(localRepository.toFile())));
    s.setWorkspaceReader(null);
    s.setCache(new org.eclipse.aether.DefaultRepositoryCache());
    s.setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL);
    s.setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_ALWAYS);
    MavenSessions.config(timeouts, bearers, repositories).forEach(s::setConfigProperty);
    return s;
  }

  @Override
  public synchronized RemoteRepository repository(String url, String server) {
    return MavenSessions.repository(url, server, logins, bearers);
  }

  @Override
  public String describeLogin(String url, String server) {
    return MavenSessions.describeLogin(logins, url, server);
  }

  @Override
  public Path scratch() {
    return scratch;
  }

  @Override
  public void close() {
    // the build's resolver is the build's to end
  }
}
