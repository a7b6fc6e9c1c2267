package dev.modelregistry.git.store;

import dev.modelregistry.git.errors.ArtifactMissingException;
import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.Sha256;
import dev.modelregistry.model.StorePolicy;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.deployment.DeployRequest;
import org.eclipse.aether.deployment.DeploymentException;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ChecksumFailureException;

/**
 * A Maven repository (Nexus, Artifactory, a {@code file:} directory) as an artifact store. A new
 * version is deployed as {@code <store.group>:<model>:<version>:<extension>} to {@code store.url},
 * with SHA-256, SHA-1 and MD5 checksum files beside it, and its pointer's uri is {@code
 * mvn:group:artifact:version:type}. A read resolves the pointer's coordinates from {@code
 * store.url}, then {@code store.also_read}, into a fresh temporary local repository (so the server
 * is asked, never a copy from earlier), with checksum policy {@code fail}: the resolver checks the
 * bytes against the repository's {@code .sha256} or {@code .sha1}, and the repository's {@code
 * .sha256}, where there is one, must be the pointer's sha256; the stream is then checked against
 * the pointer as every store's is.
 *
 * <p>Nothing is ever deleted: release repositories refuse deletes and redeploys by design, so the
 * bytes of a registration that failed after its deploy stay in the repository (a retry of the same
 * bytes finds them and deploys nothing; other bytes under that version are refused).
 *
 * <p>Only resolver API that 1.x and 2.x share is used here, since inside Maven its own resolver is
 * the one loaded (see {@link MavenAccess}).
 */
public final class MavenArtifactStore implements ArtifactStore {
  private final StorePolicy policy;
  private final StoreSettings settings;

  /** The Maven repositories {@code policy} names, reached as {@code settings} say. */
  public MavenArtifactStore(StorePolicy policy, StoreSettings settings) {
    this.policy = policy;
    this.settings = settings;
  }

  /** A repository to read from, with the server id its credentials are looked up under. */
  private record Repo(String url, String server) {}

  /** Where reads go: {@code store.url} if it is a Maven repository, then {@code also_read}. */
  private List<Repo> reads() {
    List<Repo> r = new ArrayList<>();
    if (policy.type().equals(StorePolicy.MAVEN)) {
      r.add(writeRepo());
    }
    for (String u : policy.alsoRead()) {
      if (r.stream().noneMatch(x -> x.url().equals(u))) {
        r.add(new Repo(u, null)); // the server id is for store.url's credentials only
      }
    }
    return r;
  }

  private Repo writeRepo() {
    if (!policy.type().equals(StorePolicy.MAVEN)) {
      throw new RegistryRefusedException(
          "store.type is '"
              + policy.type()
              + "', not 'maven': there is no Maven repository to deploy to. Nothing was"
              + " registered.");
    }
    return new Repo(policy.url(), policy.server() != null ? policy.server() : hostOf(policy.url()));
  }

  private static String hostOf(String url) {
    String h = java.net.URI.create(url).getHost();
    return h == null ? "local" : h; // a file: repository needs no credentials; any id will do
  }

  @Override
  public Stored put(Path source, CopyProgress progress) {
    return put(source, null, progress);
  }

  @Override
  public Stored put(Path source, StoreKey key, CopyProgress progress) {
    Repo to = writeRepo();
    if (policy.group() == null) {
      throw new RegistryRefusedException(
          "store.group is missing in registry.yaml: a Maven store deploys each version as"
              + " <store.group>:<model>:<version>. Set store.group (for example"
              + " com.example.models) on branch main, then register again. Nothing was"
              + " registered.");
    }
    if (key == null) {
      throw new RegistryRefusedException(
          "A Maven store deploys a model version by its name and version: none were given."
              + " Nothing was registered.");
    }
    MavenCoordinates c =
        new MavenCoordinates(
            policy.group(), key.model(), key.version(), extensionOf(key.fileName()), "");
    FileState before;
    FileCopy.Hashed h;
    try {
      before = FileState.of(source);
      h = FileCopy.hash(source);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Artifact " + source + " does not exist.", e);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + source + ": " + e.getMessage(), e);
    }
    boolean fresh;
    try (Operation op = new Operation(List.of(to))) {
      Optional<Sha256> there = op.existing(c);
      if (there.isPresent()) {
        if (!there.get().equals(h.sha256())) {
          throw new RegistryRefusedException(
              c
                  + " is already in "
                  + to.url()
                  + " with other bytes:\n  in the repository sha256 "
                  + there.get().hex()
                  + "\n  given            sha256 "
                  + h.sha256().hex()
                  + "\nA release in a Maven repository is never replaced: register the new model"
                  + " under a new version. Nothing was registered.");
        }
        fresh = false; // a retry of a registration whose deploy landed
      } else {
        op.deploy(c, source, to);
        fresh = true;
      }
    }
    try {
      before.requireUnchanged(source, h.size());
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + source + ": " + e.getMessage(), e);
    }
    progress.copied(h.size(), h.size());
    return new Stored(c.uri(), h.sha256(), h.size(), fresh, null);
  }

  /**
   * Puts the backup's copy back at the pointer's coordinates in {@code store.url}, once its size
   * and sha256 are checked. A release repository that refuses the redeploy says so; then the bytes
   * are put back there by its administrators.
   */
  @Override
  public Stored restore(Path source, ArtifactPointer expected) {
    MavenCoordinates c = MavenCoordinates.parse(expected.uri());
    FileCopy.Hashed h;
    try {
      h = FileCopy.hash(source);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + source + ": " + e.getMessage(), e);
    }
    if (h.size() != expected.size() || !h.sha256().equals(expected.sha256())) {
      throw new ChecksumMismatchException(expected, h.sha256(), h.size(), source.toString());
    }
    Repo to = writeRepo();
    try (Operation op = new Operation(List.of(to))) {
      op.deploy(c, source, to);
    }
    return new Stored(c.uri(), h.sha256(), h.size(), true, null);
  }

  /**
   * The bytes a {@code mvn:} uri names, as a pointer would record them, downloaded once and hashed
   * (registration by reference: nothing is uploaded). The resolver checks them against the
   * repository's checksum files (a repository without any is refused); the repository's {@code
   * .sha256}, where there is one, must agree with them.
   */
  public Stored reference(String uri) {
    MavenCoordinates c = MavenCoordinates.parse(uri);
    try (Operation op = new Operation(reads())) {
      ArtifactResult r = op.resolve(c, null);
      Path file = r.getArtifact().getFile().toPath();
      FileCopy.Hashed h;
      try {
        h = FileCopy.hash(file);
      } catch (IOException e) {
        throw new RegistryUnavailableException(
            "Cannot read the download of " + c + ": " + e.getMessage(), e);
      }
      Optional<Sha256> listed =
          op.checksumFile(
              c, r, "download of " + c.withType(c.type() + ".sha256"), "Nothing was registered.");
      if (listed.isPresent() && !listed.get().equals(h.sha256())) {
        throw new RegistryRefusedException(
            c
                + " in "
                + repositoryOf(r)
                + " does not match the repository's own .sha256 file:\n  .sha256 says  "
                + listed.get().hex()
                + "\n  bytes hash to "
                + h.sha256().hex()
                + "\nThe repository holds damaged bytes or a wrong checksum file: ask its"
                + " administrators, or deploy the model again under a new version. Nothing was"
                + " registered.");
      }
      return new Stored(c.uri(), h.sha256(), h.size(), false, null);
    }
  }

  /** The file name a pointer to {@code c} records: the repository's. */
  public static String fileNameOf(MavenCoordinates c) {
    String p = c.path();
    return p.substring(p.lastIndexOf('/') + 1);
  }

  @Override
  public InputStream open(ArtifactPointer pointer) {
    MavenCoordinates c = MavenCoordinates.parse(pointer.uri());
    Operation op = new Operation(reads());
    try {
      ArtifactResult r = op.resolve(c, pointer);
      Optional<Sha256> listed = op.checksumFile(c, r);
      if (listed.isPresent() && !listed.get().equals(pointer.sha256())) {
        throw new RegistryRefusedException(
            "Artifact "
                + pointer.fileName()
                + " ("
                + c
                + ") in "
                + repositoryOf(r)
                + " is not the one registered: the repository's .sha256 file says\n  "
                + listed.get().hex()
                + "\nwhere the registry recorded\n  "
                + pointer.sha256().hex()
                + "\nThe repository's bytes were replaced. If this version is live, roll back"
                + " first (rollback, naming this version); then have the registered bytes put back"
                + " (restore, naming this model and version), or register the model again under a"
                + " new version.");
      }
      InputStream in = Files.newInputStream(r.getArtifact().getFile().toPath());
      Operation owned = op;
      op = null; // the stream owns the download now
      return new FilterInputStream(in) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            owned.close();
          }
        }
      };
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read the download of " + c + ": " + e.getMessage(), e);
    } finally {
      if (op != null) {
        op.close();
      }
    }
  }

  @Override
  public void delete(Sha256 sha256) {
    // a content hash names no file in a Maven repository
  }

  /**
   * Does nothing: release repositories refuse deletes (and Nexus or Artifactory give no deploy user
   * the right to), so a deploy whose registration failed stays; a retry with the same bytes finds
   * it and deploys nothing.
   */
  @Override
  public void delete(Stored stored) {
    // see above
  }

  @Override
  public String describe(ArtifactPointer pointer) {
    List<Repo> r = reads();
    return pointer.uri()
        + (r.isEmpty()
            ? " (no Maven repository in registry.yaml)"
            : " in " + String.join(" or ", r.stream().map(Repo::url).toList()));
  }

  /** The extension of a file name, as a Maven type; {@code bin} if it has none. */
  static String extensionOf(String fileName) {
    int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
    String ext = dot <= 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    return ext.matches("[a-z0-9]{1,16}") ? ext : "bin";
  }

  private static String repositoryOf(ArtifactResult r) {
    return r.getRepository() instanceof RemoteRepository rr
        ? rr.getUrl()
        : String.valueOf(r.getRepository());
  }

  /**
   * One store operation: an access (a standalone resolver is made for it and shut down after) and a
   * fresh local repository, removed when it ends.
   */
  private final class Operation implements AutoCloseable {
    private final MavenAccess access;
    private final Path local;
    private final List<RemoteRepository> remotes = new ArrayList<>();
    private final List<Repo> repos;
    private final RepositorySystemSession session;

    Operation(List<Repo> repos) {
      this.repos = repos;
      this.access = settings.maven().open(settings);
      try {
        Files.createDirectories(access.scratch());
        this.local = Files.createTempDirectory(access.scratch(), "local-");
      } catch (IOException e) {
        access.close();
        throw new RegistryUnavailableException(
            "Cannot create a temporary local repository under "
                + access.scratch()
                + ": "
                + e.getMessage(),
            e);
      }
      for (Repo r : repos) {
        remotes.add(access.repository(r.url(), r.server()));
      }
      this.session = access.session(local, remotes);
    }

    /**
     * Resolves {@code c} from the repositories, refusing (or reporting unavailable) in words;
     * {@code pointer} is the registered one, null for a registration by reference.
     */
    ArtifactResult resolve(MavenCoordinates c, ArtifactPointer pointer) {
      if (remotes.isEmpty()) {
        throw new RegistryRefusedException(
            c
                + " is in a Maven repository, but registry.yaml names none to read it from: set"
                + " store.type maven with store.url, or list the repository under"
                + " store.also_read (branch main).");
      }
      try {
        return access
            .system()
            .resolveArtifact(session, new ArtifactRequest(artifact(c), remotes, null));
      } catch (ArtifactResolutionException e) {
        throw failure(
            e,
            "download of " + c,
            pointer == null ? "Nothing was registered." : "Nothing was written.",
            pointer,
            c);
      }
    }

    /** The sha256 the repository lists for {@code c} (its {@code .sha256} file), if it has one. */
    Optional<Sha256> checksumFile(MavenCoordinates c, ArtifactResult of) {
      return checksumFile(
          c, of, "download of " + c.withType(c.type() + ".sha256"), "Nothing was written.");
    }

    private Optional<Sha256> checksumFile(
        MavenCoordinates c, ArtifactResult of, String what, String nothing) {
      MavenCoordinates sum = c.withType(c.type() + ".sha256");
      List<RemoteRepository> from =
          of != null && of.getRepository() instanceof RemoteRepository rr ? List.of(rr) : remotes;
      ArtifactResult r;
      try {
        r =
            access
                .system()
                .resolveArtifact(session, new ArtifactRequest(artifact(sum), from, null));
      } catch (ArtifactResolutionException e) {
        if (notFound(e)) {
          return Optional.empty();
        }
        throw failure(e, what, nothing, null, c);
      }
      try {
        String text = Files.readString(r.getArtifact().getFile().toPath(), StandardCharsets.UTF_8);
        String first = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return Optional.of(Sha256.parse(first));
      } catch (IOException e) {
        throw new RegistryUnavailableException(
            "Cannot read the download of " + sum + ": " + e.getMessage(), e);
      } catch (InvalidInputException e) {
        throw new RegistryRefusedException(
            "The repository's checksum file of "
                + c
                + " holds no sha256: "
                + e.getMessage()
                + ". Ask the repository's administrators to mend it.");
      }
    }

    /** The sha256 the write repository already lists for {@code c}, if it holds it. */
    Optional<Sha256> existing(MavenCoordinates c) {
      Optional<Sha256> listed =
          checksumFile(
              c,
              null,
              "check whether " + c + " is there already, before the deploy,",
              "Nothing was registered.");
      if (listed.isPresent()) {
        return listed;
      }
      ArtifactResult r;
      try {
        r =
            access
                .system()
                .resolveArtifact(session, new ArtifactRequest(artifact(c), remotes, null));
      } catch (ArtifactResolutionException e) {
        if (notFound(e)) {
          return Optional.empty();
        }
        throw failure(
            e,
            "check whether " + c + " is there already, before the deploy,",
            "Nothing was registered.",
            null,
            c);
      }
      try {
        return Optional.of(FileCopy.hash(r.getArtifact().getFile().toPath()).sha256());
      } catch (IOException e) {
        throw new RegistryUnavailableException(
            "Cannot read the download of " + c + ": " + e.getMessage(), e);
      }
    }

    void deploy(MavenCoordinates c, Path source, Repo to) {
      RemoteRepository target = remotes.get(repos.indexOf(to));
      @SuppressWarnings("deprecation") // setFile is what resolver 1.x has
      Artifact a = artifact(c).setFile(source.toFile());
      try {
        access.system().deploy(session, new DeployRequest().setRepository(target).addArtifact(a));
      } catch (DeploymentException e) {
        throw failure(e, "deploy of " + c + " to " + to.url(), "Nothing was registered.", null, c);
      }
    }

    private RuntimeException failure(
        Exception e, String what, String nothing, ArtifactPointer pointer, MavenCoordinates c) {
      List<Throwable> chain = causes(e);
      String detail = e.getMessage();
      for (Throwable t : chain) {
        if (t instanceof ChecksumFailureException) {
          return new RegistryRefusedException(
              "The "
                  + what
                  + " failed its checksum check: the repository's checksum file and the bytes it"
                  + " serves disagree ("
                  + t.getMessage()
                  + ")"
                  + (pointer == null
                      ? ""
                      : "; the registry recorded sha256 " + pointer.sha256().hex())
                  + ". The repository holds damaged bytes or a wrong checksum file: ask its"
                  + " administrators to put the deployed bytes back"
                  + (pointer == null
                      ? ""
                      : ", or restore them (restore, naming this model and version)")
                  + ". "
                  + nothing,
              e);
        }
      }
      Integer status = status(chain);
      String url = repos.isEmpty() ? "" : repos.get(0).url();
      if (status != null && (status == 401 || status == 403)) {
        Repo r = repos.get(0);
        return new RegistryRefusedException(
            "The Maven repository "
                + url
                + (status == 401 ? " refused the login (401)" : " does not allow it (403)")
                + " for the "
                + what
                + "; sent: "
                + access.describeLogin(r.url(), r.server())
                + ". "
                + (status == 401
                    ? "Give the registry command credentials for this server (store.server in"
                        + " registry.yaml names a settings.xml server id)"
                    : "Ask the repository's administrators for "
                        + (what.startsWith("deploy") ? "deploy" : "read")
                        + " permission")
                + ", then run it again. "
                + nothing,
            e);
      }
      if (notFound(e) && pointer != null) {
        return new ArtifactMissingException(
            pointer,
            "Artifact "
                + pointer.fileName()
                + " (sha256 "
                + pointer.sha256().abbreviated()
                + "...) is missing from the Maven repositories: "
                + c
                + " is in none of "
                + String.join(", ", repos.stream().map(Repo::url).toList())
                + ". Restore it from a backup (restore, naming this model and version: the bytes"
                + " are deployed again, checked against this sha256), or register the model again"
                + " under a new version.",
            e);
      }
      if (notFound(e)) {
        return new RegistryRefusedException(
            c
                + " is in none of the Maven repositories "
                + String.join(", ", repos.stream().map(Repo::url).toList())
                + " (store.url, then store.also_read in registry.yaml). Check the coordinates, or"
                + " add the repository it was deployed to under store.also_read. "
                + nothing,
            e);
      }
      Throwable root = chain.get(chain.size() - 1);
      for (Throwable t : chain) {
        if (t instanceof IOException) {
          root = t; // the transport's own words: "Connect to ... failed: Connection refused"
          break;
        }
      }
      return new RegistryUnavailableException(
          "The "
              + what
              + (what.contains(" to ")
                  ? ""
                  : " from " + String.join(" or ", repos.stream().map(Repo::url).toList()))
              + " failed: "
              + (root.getMessage() == null ? detail : root.getMessage())
              + ". "
              + nothing
              + " Check the repository, then run it again.",
          e);
    }

    private boolean notFound(Exception e) {
      if (e instanceof ArtifactResolutionException r) {
        boolean any = false;
        for (ArtifactResult res : r.getResults()) {
          for (Exception x : res.getExceptions()) {
            any = true;
            if (!(x instanceof ArtifactNotFoundException)) {
              return false;
            }
          }
        }
        return any || r.getCause() instanceof ArtifactNotFoundException;
      }
      return false;
    }

    @Override
    public void close() {
      try {
        access.close();
      } finally {
        deleteTree(local);
      }
    }
  }

  /** "HTTP Status: 401" (2.x), "status code: 401, reason phrase: Unauthorized (401)" (1.x). */
  private static final Pattern STATUS =
      Pattern.compile(
          "(?i)(?:HTTP Status|status code): (\\d{3})|\\b(401|403) (?:Unauthorized|Forbidden)");

  /** The HTTP status a transfer failed with, as the resolver's transports word it. */
  private static Integer status(List<Throwable> chain) {
    for (Throwable t : chain) {
      String m = t.getMessage();
      if (m == null) {
        continue;
      }
      Matcher x = STATUS.matcher(m);
      while (x.find()) {
        String s = x.group(1) != null ? x.group(1) : x.group(2);
        int code = Integer.parseInt(s);
        if (code >= 400 && code < 600) {
          return code;
        }
      }
    }
    return null;
  }

  /** Every cause of {@code e}, and of each result's exceptions for a resolution. */
  private static List<Throwable> causes(Exception e) {
    List<Throwable> out = new ArrayList<>();
    List<Throwable> roots = new ArrayList<>(List.of(e));
    if (e instanceof ArtifactResolutionException r) {
      for (ArtifactResult res : r.getResults()) {
        roots.addAll(res.getExceptions());
      }
    }
    for (Throwable root : roots) {
      for (Throwable t = root; t != null && !out.contains(t); t = t.getCause()) {
        out.add(t);
      }
    }
    return out;
  }

  private static Artifact artifact(MavenCoordinates c) {
    return new DefaultArtifact(c.group(), c.artifact(), c.classifier(), c.type(), c.version());
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary directory costs only room
    }
  }
}
