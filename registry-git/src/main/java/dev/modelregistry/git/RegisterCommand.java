package dev.modelregistry.git;

import dev.modelregistry.git.errors.PushOutcomeUnknownException;
import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.CasRetry;
import dev.modelregistry.git.internal.Catalog;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.git.internal.UnreferencedBytes;
import dev.modelregistry.git.store.ArtifactFiles;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.MavenArtifactStore;
import dev.modelregistry.git.store.MavenCoordinates;
import dev.modelregistry.git.store.StoreKey;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.CapturedEnvironment;
import dev.modelregistry.model.ChecksumLine;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Records a new immutable model version: checks the inputs, hashes the artifact while copying it
 * into the store, writes {@code models/<model>/<version>/} and commits it on {@code main} with one
 * compare-and-swap. An identical retry (same bytes, same metadata) is a no-op; anything else under
 * an existing version is refused. On refusal or failure nothing is written: no commit, and no bytes
 * left in the store that were not there before.
 */
public final class RegisterCommand extends RegistryCommand<Registration> {
  private final String createAt; // the registry url to create if absent, or null
  private final RegistryOptions createOptions; // how to reach it
  private String model;
  private String version;
  private Path artifact;
  private String artifactUri;
  private Path metadataFile;
  private ModelMetadata metadata;
  private Path allowedRoot;
  private ArtifactStore.CopyProgress progress = ArtifactStore.CopyProgress.NONE;

  RegisterCommand(Registry registry) {
    super(registry);
    this.createAt = null;
    this.createOptions = null;
  }

  private RegisterCommand(String createAt, RegistryOptions options) {
    super(null);
    this.createAt = createAt;
    this.createOptions = options;
  }

  /**
   * A registration that creates the registry at {@code url} if there is none: see {@link
   * Registry#registerCreatingIfAbsent}.
   */
  static RegisterCommand creatingIfAbsent(String url, RegistryOptions options) {
    return new RegisterCommand(url, options);
  }

  public RegisterCommand model(String model) {
    this.model = model;
    return this;
  }

  public RegisterCommand version(String version) {
    this.version = version;
    return this;
  }

  /** The model file. */
  public RegisterCommand artifact(Path artifact) {
    this.artifact = artifact;
    return this;
  }

  /**
   * Registers an artifact already in a Maven repository, by reference, instead of a file: {@code
   * mvn:<group>:<artifact>:<version>[:<type>[:<classifier>]]}, read from {@code store.url} (a Maven
   * store) then {@code store.also_read}. The registry downloads it once, hashes it, checks it
   * against the repository's checksum files, and records a pointer with this uri, its sha256 and
   * size; nothing is uploaded. A SNAPSHOT version is refused (it names no fixed bytes).
   */
  public RegisterCommand artifactUri(String mvnUri) {
    this.artifactUri = mvnUri;
    return this;
  }

  /** A YAML or JSON metadata file; {@code metrics:} alone is enough. */
  public RegisterCommand metadataFile(Path file) {
    this.metadataFile = file;
    return this;
  }

  /** Metadata given directly instead of as a file. */
  public RegisterCommand metadata(ModelMetadata metadata) {
    this.metadata = metadata;
    return this;
  }

  /**
   * A directory (a build's project) inside which the artifact may be reached through symbolic
   * links: a link at the end of its path or to a directory on the way. Without one, no link is
   * followed.
   */
  public RegisterCommand allowSymlinksInside(Path root) {
    this.allowedRoot = root;
    return this;
  }

  /**
   * Signs the registration commit with this SSH key, which must be trusted; required where the
   * policy says {@code registrations: {signed: true}}.
   */
  public RegisterCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /** Told how far the copy of a large artifact has come. */
  public RegisterCommand progress(ArtifactStore.CopyProgress progress) {
    this.progress = progress;
    return this;
  }

  /** Runs the registration. */
  @Override
  Registration run() {
    if (registry == null) {
      return callCreatingIfAbsent();
    }
    Policy policy = registry.policy();
    Inputs in = checkInputs(policy);
    ModelName name = in.name();
    ModelVersion v = in.version();
    ModelMetadata given = in.metadata();
    ArtifactFiles.Registrable source = in.artifact();
    String fileName =
        in.reference() != null
            ? MavenArtifactStore.fileNameOf(in.reference())
            : artifact.getFileName().toString();

    dev.modelregistry.git.store.StoreRouter store = registry.storeFor(policy);
    ArtifactStore.Stored[] stored = {null};
    boolean keepStored = false; // whether the bytes copied into the store may be referenced
    try {
      Registration r =
          registry.write(
              () -> {
                try (RegistryLock lock = registry.lock()) {
                  if (stored[0] == null && in.reference() != null) {
                    // by reference: downloaded and hashed once; nothing is uploaded, so nothing
                    // is ever removed again (the Stored is not fresh)
                    stored[0] = store.reference(in.reference().uri());
                  }
                  if (stored[0] == null) { // copied once, however often the commit is retried
                    stored[0] =
                        store.put(
                            source.path(),
                            new StoreKey(name.value(), v.value(), fileName),
                            progress);
                    source.requireUnchanged(
                        stored[0].size()); // the file copied is the one checked, as it was then
                  }
                  return commit(name, v, given, fileName, stored[0], lock);
                }
              });
      // a retry of a registration that landed keeps the first upload; a store that names every
      // upload apart (HTTP) then holds a second copy no pointer names, removed here
      keepStored = !r.alreadyRegistered() || stored[0].uri().equals(r.pointer().uri());
      registry.reported(r.repairs());
      UnreferencedBytes.sweepDaily(registry.context(), policy, store);
      return r;
    } catch (PushOutcomeUnknownException e) {
      keepStored = true; // the registry may already point to the stored bytes: keep them
      throw e;
    } finally {
      if (!keepStored && stored[0] != null && stored[0].fresh()) {
        store.delete(stored[0]); // these bytes came with this registration only
      }
    }
  }

  /** The inputs, each checked as far as it can be without a registry beyond its {@code policy}. */
  private record Inputs(
      ModelName name,
      ModelVersion version,
      ModelMetadata metadata,
      ArtifactFiles.Registrable artifact,
      MavenCoordinates reference) {}

  private Inputs checkInputs(Policy policy) {
    ModelName name = Registry.requireModel(model);
    Registry.requireVersion(version);
    ModelVersion v = policy.versions().parse(version);
    ModelMetadata given = givenMetadata();
    // metadata naming another model or version is refused here, not only once the version is
    // committed;
    // the completed copy is thrown away (the commit completes it again, with its own id and time)
    given.completedFor(name, v, () -> "unused", java.time.Instant.EPOCH, Map.of());
    if (artifactUri != null) {
      if (artifact != null) {
        throw new InvalidInputException(
            "Give the artifact as a file or as a mvn: uri (by reference), not both.");
      }
      return new Inputs(name, v, given, null, MavenCoordinates.parse(artifactUri));
    }
    return new Inputs(name, v, given, ArtifactFiles.checkRegistrable(artifact, allowedRoot), null);
  }

  /**
   * Registers into the registry at {@link #createAt}, creating it with the default policy if there
   * is none, but only once every input has passed the checks that need no registry: a refused
   * registration leaves no registry behind.
   */
  private Registration callCreatingIfAbsent() {
    if (!Registry.exists(createAt, createOptions)) {
      Policy policy = Policy.defaults(List.of());
      checkInputs(
          policy); // a new registry has the default policy: its version rule and nothing else
      if (artifactUri != null) {
        throw new RegistryRefusedException(
            "There is no registry at "
                + createAt
                + " yet, and one created with the default policy stores artifacts in a local"
                + " directory, with no Maven repository to read "
                + artifactUri
                + " from. Create the registry first (init) with store.type maven in its"
                + " registry.yaml, then register by reference. Nothing was registered.");
      }
      Registry.checkCreatableForRegistration(createAt, policy);
      registry = Registry.init(createAt, policy, null, null, createOptions);
    } else {
      registry = Registry.open(createAt, createOptions);
    }
    try (Registry owned = registry) {
      return run();
    }
  }

  private ModelMetadata givenMetadata() {
    if (metadata != null && metadataFile != null) {
      throw new InvalidInputException("Give metadata as a file or as a value, not both.");
    }
    if (metadataFile != null) {
      return SafeMapper.read(metadataFile, ModelMetadata.class);
    }
    return metadata != null ? metadata : ModelMetadata.ofMetrics(Map.of());
  }

  private Registration commit(
      ModelName name,
      ModelVersion v,
      ModelMetadata given,
      String fileName,
      ArtifactStore.Stored stored,
      RegistryLock lock) {
    return CasRetry.onFreshSnapshots(
        registry.context(),
        "main",
        "registering " + name + " " + v,
        s -> {
          String what = "Registration of " + name + " " + v;
          s.requireTrustedPolicy(what);
          if (!s.catalog.hasVersion(name, v) && s.registration(name, v).isPresent()) {
            s.requireInCatalog(name, v, what); // registered once, collected since: never reused
          }
          SigningIdentity who =
              signer() == null && !s.policy().registrations().signed()
                  ? null
                  : SigningIdentity.resolve(
                      registry.context(),
                      signer(),
                      s.signersNow(),
                      what
                          + (s.policy().registrations().signed()
                              ? " (the policy requires signed registrations)"
                              : ""),
                      SignedAction.REGISTER);
          return attempt(
              s.catalog, name, v, given, fileName, stored, who,
              lock); // null if the branch moved: run again on the new state
        });
  }

  /** One attempt on the catalogue as read; null if main moved before the compare-and-swap. */
  private Registration attempt(
      Catalog catalog,
      ModelName name,
      ModelVersion v,
      ModelMetadata given,
      String fileName,
      ArtifactStore.Stored stored,
      SigningIdentity who,
      RegistryLock lock) {
    if (catalog.hasVersion(name, v)) {
      return existing(catalog, name, v, given, stored, lock);
    }
    ModelMetadata complete =
        given.completedFor(
            name,
            v,
            () -> UUID.randomUUID().toString(),
            registry.clock().instant(),
            CapturedEnvironment.current());
    ArtifactPointer pointer =
        new ArtifactPointer(stored.uri(), stored.sha256(), stored.size(), null, fileName);
    TreeEdit edit =
        new TreeEdit()
            .put(
                RegistryFormat.versionFile(name, v, RegistryFormat.METADATA_FILE),
                SafeMapper.writeYaml(complete))
            .put(
                RegistryFormat.versionFile(name, v, RegistryFormat.CHECKSUM_FILE),
                new ChecksumLine(stored.sha256(), fileName).format())
            .put(
                RegistryFormat.versionFile(name, v, RegistryFormat.ARTIFACT_FILE),
                SafeMapper.writeYaml(pointer));
    String message =
        Trailers.of(Trailers.ACTION, "register")
            .with(Trailers.MODEL, name.value())
            .with(Trailers.VERSION, v.value())
            .with(Trailers.SHA256, stored.sha256().hex())
            .message("Register " + name + " " + v, body(complete, pointer));
    try (ObjectInserter ins = registry.repository().newObjectInserter();
        ObjectReader reader = ins.newReader()) {
      ObjectId tree = edit.apply(reader, ins, catalog.commit().getTree());
      ObjectId commit =
          who == null
              ? BranchWriter.commit(ins, tree, catalog.commit(), registry.identityNow(), message)
              : BranchWriter.commit(
                  registry.repository(),
                  who.signer(),
                  ins,
                  tree,
                  catalog.commit(),
                  who.person(registry.clock().instant()),
                  message);
      if (!BranchWriter.compareAndSwap(
          registry.repository(),
          RegistryFormat.MAIN,
          catalog.commit(),
          commit,
          "registry: register " + name + " " + v)) {
        return null;
      }
      return new Registration(
          name,
          v,
          complete,
          pointer,
          commit.name(),
          false,
          stored.location(),
          registry.location(),
          lock.repairs());
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot write to the registry at " + registry.location() + ": " + e.getMessage(), e);
    }
  }

  private Registration existing(
      Catalog catalog,
      ModelName name,
      ModelVersion v,
      ModelMetadata given,
      ArtifactStore.Stored stored,
      RegistryLock lock) {
    ArtifactPointer pointer = catalog.pointer(name, v);
    ModelMetadata current = catalog.metadata(name, v);
    if (!pointer.sha256().equals(stored.sha256())) {
      throw new RegistryRefusedException(
          name
              + " "
              + v
              + " is already registered with other bytes:\n"
              + "  registered sha256 "
              + pointer.sha256().hex()
              + " ("
              + pointer.size()
              + " bytes)\n"
              + "  given      sha256 "
              + stored.sha256().hex()
              + " ("
              + stored.size()
              + " bytes)\n"
              + "Versions are immutable: register the new model under a new version (for example by raising the"
              + " project version), or check that the artifact given is the file you meant.");
    }
    if (!current.sameAsSubmitted(given)) {
      throw new RegistryRefusedException(
          name
              + " "
              + v
              + " is already registered with the same artifact but other metadata ("
              + differences(current, given)
              + "). Versions are immutable: register under a new version.");
    }
    return new Registration(
        name,
        v,
        current,
        pointer,
        catalog.commit().name(),
        true,
        stored.location(),
        registry.location(),
        lock.repairs());
  }

  private static String differences(ModelMetadata current, ModelMetadata given) {
    StringBuilder d = new StringBuilder();
    if (!current.metrics().equals(given.metrics())) {
      // metric names come from files: escaped, so that the refusal shows what they hold
      d.append("metrics registered ")
          .append(Display.escape(current.metrics().toString()))
          .append(", given ")
          .append(Display.escape(given.metrics().toString()));
    }
    return d.length() == 0 ? "fields other than metrics differ" : d.toString();
  }

  private static String body(ModelMetadata m, ArtifactPointer p) {
    String metrics =
        m.metrics().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
    return "Artifact "
        + p.fileName()
        + ", "
        + p.size()
        + " bytes, sha256 "
        + p.sha256().hex()
        + "."
        + (metrics.isEmpty() ? "" : "\nMetrics: " + metrics + ".");
  }
}
