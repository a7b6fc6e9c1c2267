package dev.modelregistry.git.store;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.Sha256;
import dev.modelregistry.model.StorePolicy;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The stores of one registry as its operations see them: new bytes go to the store {@code
 * registry.yaml} names, and every read goes to the store its pointer's uri names ({@code local:},
 * {@code https://}, {@code mvn:}), so a registry that changed stores still reads its older versions
 * where they were put. Each store is made when first needed: a registry whose pointers are all
 * local never touches the network.
 */
public final class StoreRouter implements ArtifactStore {
  private final StorePolicy policy;
  private final Supplier<LocalArtifactStore> local;
  private final StoreSettings settings;
  private LocalArtifactStore localStore;
  private ArtifactStore writes;
  private MavenArtifactStore maven;

  /**
   * @param policy the store section of the policy in force
   * @param local the store of {@code local:} pointers; throws a refusal that says why if this
   *     machine cannot reach it
   * @param settings credentials and timeouts for the other stores
   */
  public StoreRouter(
      StorePolicy policy, Supplier<LocalArtifactStore> local, StoreSettings settings) {
    this.policy = policy;
    this.local = local;
    this.settings = settings;
  }

  /** The store new artifacts go to. */
  public synchronized ArtifactStore writes() {
    if (writes == null) {
      writes =
          switch (policy.type()) {
            case StorePolicy.HTTP -> http();
            case StorePolicy.MAVEN -> maven();
            default -> localStore();
          };
    }
    return writes;
  }

  /** The store that holds the bytes {@code pointer} names. */
  public ArtifactStore forPointer(ArtifactPointer pointer) {
    return forUri(pointer.uri());
  }

  private ArtifactStore forUri(String uri) {
    if (uri.startsWith(LocalArtifactStore.SCHEME)) {
      return localStore();
    }
    if (HttpArtifactStore.reads(uri)) {
      if (policy.type().equals(StorePolicy.HTTP) && uri.startsWith(policy.url())) {
        return writes();
      }
      URI u = URI.create(uri);
      return new HttpArtifactStore(u.resolve("."), null, settings.logins(), settings.timeouts());
    }
    if (MavenCoordinates.reads(uri)) {
      return maven();
    }
    throw new RegistryRefusedException(
        "artifact.yaml's uri "
            + uri
            + " names no store this registry knows (local:, https://, http://, mvn:).");
  }

  /**
   * The store of {@code local:} pointers, if this machine reaches it: the parts of backup, restore
   * and gc that work on a directory use it.
   */
  public Optional<LocalArtifactStore> local() {
    try {
      return Optional.of(localStore());
    } catch (RegistryException unreachable) {
      return Optional.empty();
    }
  }

  private synchronized LocalArtifactStore localStore() {
    if (localStore == null) {
      localStore = local.get();
    }
    return localStore;
  }

  /**
   * The Maven repositories of the policy ({@code store.url} if it is one, then {@code also_read}):
   * its resolver is loaded only when an operation on it runs.
   */
  public synchronized MavenArtifactStore maven() {
    if (maven == null) {
      maven = new MavenArtifactStore(policy, settings);
    }
    return maven;
  }

  /**
   * The pointer's data for bytes already in a store, named by {@code uri} (a {@code mvn:} uri):
   * downloaded once, hashed and checked against the repository's checksums; nothing is uploaded.
   */
  public Stored reference(String uri) {
    if (!MavenCoordinates.reads(uri)) {
      throw new dev.modelregistry.model.InvalidInputException(
          "Only an artifact in a Maven repository (mvn:<group>:<artifact>:<version>[:<type>]) can"
              + " be registered by reference, not "
              + dev.modelregistry.model.Display.quote(uri)
              + ". Give the file itself instead. Nothing was registered.");
    }
    return maven().reference(uri);
  }

  private HttpArtifactStore http() {
    return new HttpArtifactStore(
        URI.create(policy.url()), policy.server(), settings.logins(), settings.timeouts());
  }

  @Override
  public Stored put(Path source, CopyProgress progress) {
    return writes().put(source, progress);
  }

  @Override
  public Stored put(Path source, StoreKey key, CopyProgress progress) {
    return writes().put(source, key, progress);
  }

  @Override
  public InputStream open(ArtifactPointer pointer) {
    return forPointer(pointer).open(pointer);
  }

  @Override
  public Stored restore(Path source, ArtifactPointer expected) {
    return forPointer(expected).restore(source, expected);
  }

  @Override
  public boolean holds(ArtifactPointer expected) {
    return forPointer(expected).holds(expected);
  }

  @Override
  public void delete(Sha256 sha256) {
    local().ifPresent(l -> l.delete(sha256));
  }

  @Override
  public void delete(Stored stored) {
    forUri(stored.uri()).delete(stored);
  }

  @Override
  public String describe(ArtifactPointer pointer) {
    try {
      return forPointer(pointer).describe(pointer);
    } catch (RegistryException unreachable) {
      return pointer.uri();
    }
  }
}
