package dev.modelregistry.git;

import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A model registry: a Git repository in the format of {@code RegistryFormat}, with its artifact
 * store. Usable from a build, a service or a test:
 *
 * <pre>{@code
 * try (Registry r = Registry.open("/srv/registry.git")) {
 *   r.register().model("risk_model").version("v1.1.0").artifact(path).metadata(meta).call();
 *   r.list().model("risk_model").call();
 * }
 * }</pre>
 *
 * <p>Each operation is a command object that runs once. Errors are {@link
 * RegistryRefusedException} (the input or the registry's state says no; nothing was written) or
 * {@link RegistryUnavailableException} (the environment is broken).
 */
public final class Registry implements AutoCloseable {
  static {
    MinaProviders.useOwnBouncyCastle(); // before verification or an SSH remote first touches MINA
  }

  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How long an operation keeps retrying while other writers win the race to push. Bounded by time,
   * not by a count of attempts: a loser retries at once, so under heavy contention (8 writers
   * pushing back to back in the tests) one writer can lose over 100 races in a row while the others
   * make progress, and would fail although it gets through as soon as they pause. Ten minutes is
   * far beyond any burst of registrations, and short enough that a loop gone wrong is reported.
   */
  private static final Duration MAX_CONTENTION = Duration.ofMinutes(10);
  /** The longest wait between two attempts of a write that lost a race (see {@link #backOff}). */
  private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);

  private final Repository repo;
  private final Path gitDir;
  private final RemoteSync remote; // null for a registry opened by path
  private final LocalState state;
  private PersonIdent identity;
  private Clock clock = Clock.systemUTC();
  private VerifiedCache verifiedCache;
  private MainHistory mainHistory;
  private Registrations registrations;
  private final ParsedObjectCache parsed = new ParsedObjectCache();

  private Registry(Repository repo, Path cacheBase) {
    this(repo, null, cacheBase);
  }

  private Registry(Repository repo, RemoteSync remote, Path cacheBase) {
    this.repo = repo;
    this.remote = remote;
    this.gitDir = repo.getDirectory().toPath().toAbsolutePath();
    this.identity = Identity.fromGitConfig(repo);
    this.state = remote != null
        ? LocalState.of(cacheBase, remote.humanishName(), remote.display())
        : LocalState.of(cacheBase, gitDir.getFileName() == null ? "registry" : gitDir.getFileName().toString(), realPath(gitDir));
  }

  private static String realPath(Path dir) {
    try {
      return dir.toRealPath().toString();
    } catch (IOException e) {
      return dir.toString();
    }
  }

  /**
   * Opens the registry at {@code url}: a path, or a Git URL ({@code file:}, HTTP(S), SSH) whose
   * local clone is kept under the cache directory ({@code registry.cache} system property,
   * {@code REGISTRY_CACHE}, or {@code ~/.cache/model-registry}). Refuses if there is no registry.
   */
  public static Registry open(String url) {
    return open(url, defaultCacheBase());
  }

  /** Opens the registry at {@code url}, keeping a remote's local clone under {@code cacheBase}. */
  public static Registry open(String url, Path cacheBase) {
    if (RegistryLocation.isRemote(url)) {
      Registry r = openRemote(url, cacheBase);
      if (r.tip(RegistryFormat.MAIN) == null) {
        r.close();
        throw new RegistryRefusedException("There is no registry at " + r.remote.display() + " (it has no branch main)."
            + " Create one with mvn registry:init -Dregistry.url=" + r.remote.display() + ".");
      }
      return r;
    }
    Path dir = RegistryLocation.localPath(url);
    Registry r = new Registry(openRepository(dir, url), cacheBase);
    try {
      r.catalog(c -> c.policy()); // fail now, with a clear message, if this is not a registry
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** Where remote registries' local clones are kept unless told otherwise. */
  public static Path defaultCacheBase() {
    String p = System.getProperty("registry.cache");
    if (p == null || p.isBlank()) {
      p = System.getenv("REGISTRY_CACHE");
    }
    return p == null || p.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "model-registry") : Path.of(p);
  }

  private static Registry openRemote(String url, Path cacheBase) {
    RemoteSync sync = RemoteSync.of(url);
    Registry r = new Registry(sync.openCache(sync.cacheDirectory(cacheBase)), sync, cacheBase);
    try (RegistryLock lock = r.lock()) {
      sync.fetch(r.repo);
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** Fetches what a remote registry has now (a no-op for a local one). */
  public Registry refresh() {
    if (remote != null) {
      try (RegistryLock lock = lock()) {
        remote.fetch(repo);
      }
    }
    return this;
  }

  /** The forge's page for a pull request from {@code source} into {@code target}, for GitHub and GitLab remotes. */
  public java.util.Optional<String> pullRequestUrl(String source, String target) {
    return remote == null ? java.util.Optional.empty() : remote.pullRequestUrl(source, target);
  }

  /** The registry's address for people: its path, or its URL without credentials. */
  public String location() {
    return remote == null ? gitDir.toString() : remote.display();
  }

  /**
   * Runs a writing operation. For a remote registry: fetch, run it on the fresh state, push; when
   * another writer got there first, drop the local result, fetch again and run it again (so its
   * preconditions are checked again and its commits signed again), for at most {@link
   * #MAX_CONTENTION}.
   */
  <T> T write(java.util.function.Supplier<T> operation) {
    if (remote == null) {
      return operation.get();
    }
    long deadline = System.nanoTime() + MAX_CONTENTION.toNanos();
    int attempt = 0;
    try (RegistryLock lock = lock()) {
      do {
        attempt++;
        long attemptStart = System.nanoTime();
        remote.fetch(repo, attempt == 1);
        T result;
        try {
          result = operation.get();
        } catch (RuntimeException e) {
          remote.mirrorRemote(repo); // whatever the operation wrote locally is dropped
          throw e;
        }
        if (remote.push(repo)) {
          remote.housekeeping(repo); // the change is live: now the cache may be repacked
          return result;
        }
        try {
          Thread.sleep(backOff(attempt, System.nanoTime() - attemptStart));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RegistryUnavailableException("Interrupted while retrying a push to " + remote.display(), e);
        }
      } while (System.nanoTime() < deadline);
    }
    throw new RegistryUnavailableException("Other writers kept changing " + remote.display() + " for "
        + MAX_CONTENTION.toMinutes() + " minutes while this operation was retried (" + attempt + " attempts); nothing of it was"
        + " pushed. Something may be writing in a loop: look at the remote's recent commits, then run the goal again.");
  }

  /**
   * How long to wait before retrying after the {@code lost}-th race in a row, in milliseconds: a
   * random time of up to {@code 2^(lost-1)} attempts' length (at most 8), capped at {@link
   * #MAX_BACK_OFF}. Losers that retry at once keep every writer racing in every round, and on a
   * small machine their CPU slows the writer about to win: 8 writers over HTTP on 2 cores took 169 s
   * for 200 versions retrying at once, 21-25 s backing off (docs/BENCHMARKS.md, section 5a).
   * Measured in attempts, the wait fits the remote's own latency, loopback or across an ocean.
   */
  static long backOff(int lost, long attemptNanos) {
    long slots = 1L << Math.min(lost - 1, 3);
    long bound = Math.min(MAX_BACK_OFF.toMillis(), slots * Math.max(1, attemptNanos / 1_000_000));
    return java.util.concurrent.ThreadLocalRandom.current().nextLong(0, bound + 1);
  }

  /** True if {@code url} names a directory holding a registry. */
  public static boolean exists(String url) {
    if (RegistryLocation.isRemote(url)) {
      try (Registry r = openRemote(url, defaultCacheBase())) {
        return r.tip(RegistryFormat.MAIN) != null;
      }
    }
    Path dir = RegistryLocation.localPath(url);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Registry r = new Registry(openRepository(dir, url), defaultCacheBase())) {
      return r.repo.exactRef(RegistryFormat.ref(RegistryFormat.MAIN)) != null;
    } catch (IOException | dev.modelregistry.model.RegistryException e) {
      return false;
    }
  }

  /**
   * Creates a registry at {@code url} with {@code policy}: a bare repository whose branch {@code
   * main} holds {@code registry.yaml}. Refuses if a registry is already there.
   */
  public static Registry init(String url, Policy policy, PersonIdent who) {
    return init(url, policy, who, null);
  }

  /**
   * Creates a registry whose first commit is signed by {@code signer}, which {@code policy} must
   * list among its trusted signers: trust flows from this commit, whose id {@link #rootCommit()}
   * returns for consumers to pin.
   */
  public static Registry init(String url, Policy policy, PersonIdent who, CommitSigner signer) {
    if (RegistryLocation.isRemote(url)) {
      Registry r = openRemote(url, defaultCacheBase());
      try {
        if (r.tip(RegistryFormat.MAIN) != null) {
          throw new RegistryRefusedException("A registry already exists at " + r.remote.display() + ".");
        }
        if (who != null) {
          r.identity = who;
        }
        r.write(() -> {
          try {
            r.writeFirstCommit(policy, signer);
            return null;
          } catch (IOException e) {
            throw new RegistryUnavailableException("Cannot create the registry: " + e.getMessage(), e);
          }
        });
        return r;
      } catch (RuntimeException e) {
        r.close();
        throw e;
      }
    }
    Path dir = RegistryLocation.localPath(url);
    try {
      if (Files.exists(dir) && !(Files.isDirectory(dir) && isEmptyDirectory(dir))) {
        if (exists(url)) {
          throw new RegistryRefusedException(
              "A registry already exists at " + dir + ". Use it as it is, or choose another registry.url.");
        }
        throw new RegistryRefusedException(
            dir + " exists and is not an empty directory; a registry is created in a new or empty directory.");
      }
      Files.createDirectories(dir);
      Repository repo = FileRepositoryBuilder.create(dir.toFile());
      repo.create(true);
      Registry r = new Registry(repo, defaultCacheBase());
      if (who != null) {
        r.identity = who;
      }
      r.writeFirstCommit(policy, signer);
      return r;
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot create a registry at " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the registry at {@code url}, creating it with the default policy at once if the place is
   * empty. To register into a registry that may not exist yet, use {@link
   * #registerCreatingIfAbsent}: it creates none for a registration it refuses.
   */
  public static Registry openOrInit(String url) {
    return exists(url) ? open(url) : init(url, Policy.defaults(java.util.List.of()), null);
  }

  /**
   * A registration into the registry at {@code url} that creates the registry, with the default
   * policy, if the place is empty: what a first build does. Every input is checked first (model
   * name, version against the policy the registry has or would have, metadata, artifact), so a
   * refused registration leaves the place as it was.
   */
  public static RegisterCommand registerCreatingIfAbsent(String url) {
    return RegisterCommand.creatingIfAbsent(url);
  }

  /**
   * Refuses to create a registry at {@code url} with {@code policy} for a registration that the
   * new registry would then refuse: artifacts kept beside a repository that writers reach only
   * over the network (see {@link #storeFor}).
   */
  static void checkCreatableForRegistration(String url, Policy policy) {
    if (RegistryLocation.isRemote(url) && !Path.of(policy.store().path()).isAbsolute()
        && RemoteSync.of(url).remoteDirectory() == null) {
      throw new RegistryRefusedException("There is no registry at " + RemoteSync.of(url).display() + " yet, and one"
          + " created for this registration would keep its artifacts in '" + policy.store().path() + "' beside its"
          + " repository, which writers on other machines cannot reach. Nothing was created. Create the registry first"
          + " (init), set store.path in its registry.yaml (branch main) to a directory every writer and reader can reach,"
          + " then register.");
    }
  }

  private void writeFirstCommit(Policy policy, CommitSigner signer) throws IOException {
    RefUpdate head = repo.updateRef(Constants.HEAD);
    head.link(RegistryFormat.ref(RegistryFormat.MAIN));
    try (ObjectInserter ins = repo.newObjectInserter(); ObjectReader reader = ins.newReader()) {
      ObjectId tree = new TreeEdit().put(RegistryFormat.POLICY_FILE, SafeMapper.writeYaml(policy)).apply(reader, ins, null);
      String msg =
          Trailers.of(Trailers.ACTION, "init").message("Create the registry", "Policy: format version " + policy.formatVersion() + ".");
      ObjectId commit;
      if (signer == null) {
        commit = BranchWriter.commit(ins, tree, null, identityNow(), msg);
      } else {
        SigningIdentity who = SigningIdentity.resolve(this, signer, new TrustedSigners(policy.signers()), "Creating the registry");
        commit = BranchWriter.commit(repo, signer, ins, tree, null, who.person(clock.instant()), msg);
      }
      if (!BranchWriter.compareAndSwap(repo, RegistryFormat.MAIN, null, commit, "registry: init")) {
        throw new RegistryRefusedException("Another process created a registry here at the same time.");
      }
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static Repository openRepository(Path dir, String url) {
    if (!Files.isDirectory(dir)) {
      throw new RegistryRefusedException(
          "There is no registry at " + dir + " (from registry.url=" + url + "). Create one with mvn registry:init,"
              + " or register a model there (register creates a local registry).");
    }
    try {
      FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
      Path dotGit = dir.resolve(Constants.DOT_GIT);
      b.setGitDir(Files.isDirectory(dotGit) ? dotGit.toFile() : dir.toFile());
      b.readEnvironment();
      return b.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryRefusedException(
          dir + " is not a Git repository, so not a registry. Check registry.url, or create a registry with mvn registry:init.",
          e);
    }
  }

  /** git's {@code user.email} from the user's and system's configuration, or null. */
  public static String gitUserEmail() {
    try {
      org.eclipse.jgit.lib.StoredConfig c = org.eclipse.jgit.util.SystemReader.getInstance().getUserConfig();
      String email = c.getString("user", null, "email");
      return email == null || email.isBlank() ? null : email.strip();
    } catch (IOException | org.eclipse.jgit.errors.ConfigInvalidException e) {
      return null;
    }
  }

  /**
   * The registry's root of trust, to pin: the first commit of main whose policy trusts a signer
   * (the signed first commit {@code init} wrote, or an adoption), or the first commit of a registry
   * that trusts none yet.
   */
  public String rootCommit() {
    try (Snapshot s = Snapshot.take(this)) {
      return s.trustRoot().commit().name();
    }
  }

  /** The first commit of main (which tells this registry from another one created at the same place). */
  String rootOfMain() {
    try (Snapshot s = Snapshot.take(this)) {
      return s.trustHistory().entryAt(0).commit().name();
    }
  }

  /** Gives a registry without trusted signers its first one, as a reported, signed act. */
  public AdoptCommand adopt() {
    return new AdoptCommand(this);
  }

  /** Sets who writes this registry's commits (default: git's user.name and user.email). */
  public Registry as(PersonIdent who) {
    this.identity = who;
    return this;
  }

  /** Sets the clock (tests use a fixed one). */
  public Registry withClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Records a new immutable model version. */
  public RegisterCommand register() {
    return new RegisterCommand(this);
  }

  /** Lists a model's versions, or the models. */
  public ListCommand list() {
    return new ListCommand(this);
  }

  /** Shows one version. */
  public ShowCommand show() {
    return new ShowCommand(this);
  }

  /** Checks a version's artifact against its pointer. */
  public ValidateCommand validate() {
    return new ValidateCommand(this);
  }

  /** Promotes a version into an environment, through its gates, as a signed commit. */
  public PromoteCommand promote() {
    return new PromoteCommand(this);
  }

  /** Takes an environment back to the previous (or a named) version, as a signed commit. */
  public RollbackCommand rollback() {
    return new RollbackCommand(this);
  }

  /** A reviewer's signed approval of a promotion waiting for review. */
  public ApproveCommand approve() {
    return new ApproveCommand(this);
  }

  /** A trusted signer's approval of a change of registry.yaml that waits for approvals. */
  public ApprovePolicyCommand approvePolicyChange() {
    return new ApprovePolicyCommand(this);
  }

  /** Checks the whole registry and reports every finding (for CI). */
  public VerifyCommand verify() {
    return new VerifyCommand(this);
  }

  /** What an environment runs for a model now (verified). */
  public CurrentCommand current() {
    return new CurrentCommand(this);
  }

  /** Marks a version failed, as a signed commit on main. */
  public FailCommand fail() {
    return new FailCommand(this);
  }

  /** Adds or removes a trusted signer, as a commit signed by a key already trusted. */
  public TrustCommand trust() {
    return new TrustCommand(this);
  }

  /** Promotions and rollbacks of a model, or what ran at an instant. */
  public HistoryCommand history() {
    return new HistoryCommand(this);
  }

  /** What every environment runs, and how big the registry is. */
  public StatusCommand status() {
    return new StatusCommand(this);
  }

  /**
   * The policy in force at the tip of {@code main}: {@code registry.yaml} as the last change that a
   * trusted signer made left it (a change no trusted signer made is never in force).
   */
  public Policy policy() {
    try (Snapshot s = Snapshot.take(this)) {
      return s.policy();
    }
  }

  /** The registry's Git directory. */
  public Path directory() {
    return gitDir;
  }

  /** The store new artifacts go to, from the policy. */
  public ArtifactStore store() {
    return storeFor(policy());
  }

  ArtifactStore storeFor(Policy policy) {
    Path p = Path.of(policy.store().path());
    if (p.isAbsolute()) {
      return new LocalArtifactStore(p);
    }
    if (remote == null) {
      return new LocalArtifactStore(gitDir.resolve(p));
    }
    if (remote.remoteDirectory() != null) {
      return new LocalArtifactStore(remote.remoteDirectory().resolve(p)); // beside the file: remote, shared by its writers
    }
    throw new RegistryRefusedException("Registry " + remote.display() + " keeps its artifacts in '" + p + "' relative to its"
        + " repository, which writers on other machines cannot reach. Set store.path in registry.yaml (branch main) to a"
        + " directory every writer and reader can reach (an absolute path on shared storage).");
  }

  Repository repository() {
    return repo;
  }

  PersonIdent identityNow() {
    return new PersonIdent(identity, clock.instant());
  }

  Clock clock() {
    return clock;
  }

  /**
   * This user's private state about the registry, never pushed and never in its Git directory:
   * verification cache, tips seen, allowed-signers files (see {@link LocalState}).
   */
  Path stateDirectory() {
    return state.dir();
  }

  TipJournal tipJournal() {
    return TipJournal.inState(stateDirectory());
  }

  synchronized VerifiedCache verifiedCache() {
    if (verifiedCache == null) {
      verifiedCache = new VerifiedCache(stateDirectory());
    }
    return verifiedCache;
  }

  /** Main's judged history, as this user remembers it, shared by this registry's operations. */
  synchronized MainHistory mainHistory() {
    if (mainHistory == null) {
      mainHistory = new MainHistory(repo, stateDirectory(), this::policyOfBlob, signatures());
    }
    return mainHistory;
  }

  /** Where versions were registered, found on {@link #mainHistory()}. */
  synchronized Registrations registrations() {
    if (registrations == null) {
      registrations = new Registrations(repo, mainHistory());
    }
    return registrations;
  }

  /** Checks signatures against allowed-signers files kept in this user's state. */
  SignatureCheck signatures() {
    return new SignatureCheck(stateDirectory().resolve("trust"));
  }

  /** The policy a {@code registry.yaml} blob holds, parsed once (refusing a malformed one). */
  Policy policyOfBlob(ObjectId blob) {
    return parsed.policy(blob, () -> {
      try (ObjectReader r = repo.newObjectReader()) {
        return MainHistory.readPolicy(r, blob);
      }
    });
  }

  /** What this registry parsed from Git objects (version indexes, policies), shared by its catalogues. */
  ParsedObjectCache parsed() {
    return parsed;
  }

  /**
   * Takes the registry lock. The first time a thread takes it, ref lock files that dead writers left
   * behind are removed ({@link RefLocks}), noted in the lock for the operation's result: holding
   * the lock, no writer of ours is at work, and a fetch or a branch update that such a file blocks
   * would otherwise fail or see stale refs.
   */
  RegistryLock lock() {
    RegistryLock lock = RegistryLock.acquire(gitDir, LOCK_TIMEOUT);
    if (lock.outermost()) {
      try {
        RefLocks.removeStale(gitDir, lock);
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    }
    return lock;
  }

  /** Ref lock files in this registry's repository and, for a {@code file:} remote, in the remote's. */
  java.util.List<RefLockFile> refLockFiles() {
    java.util.List<RefLockFile> out = new java.util.ArrayList<>(RefLocks.report(gitDir, true));
    if (remote != null && remote.remoteDirectory() != null && Files.isDirectory(remote.remoteDirectory())) {
      out.addAll(RefLocks.report(remote.remoteDirectory(), false));
    }
    return out;
  }

  /** Marks repairs as reported to the caller, in a result it is handed. */
  void reported(java.util.List<String> repairs) {
    RegistryLock.reported(gitDir, repairs);
  }

  /** Runs {@code question} on the catalogue at the tip of {@code main}. */
  <T> T catalog(Function<Catalog, T> question) {
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      Ref main = repo.exactRef(RegistryFormat.ref(RegistryFormat.MAIN));
      if (main == null) {
        throw new RegistryRefusedException(
            gitDir + " is a Git repository without a branch main, so not a registry. Create one with mvn registry:init.");
      }
      return question.apply(new Catalog(reader, walk.parseCommit(main.getObjectId()), parsed));
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read the registry at " + gitDir + ": " + e.getMessage(), e);
    }
  }

  /** The tip of a branch, or null. */
  ObjectId tip(String branch) {
    try {
      Ref r = repo.exactRef(RegistryFormat.ref(branch));
      return r == null ? null : r.getObjectId();
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch " + branch + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (remote != null) {
      // the answer is given: now the cache may be repacked, under the lock like every change of its refs
      // (a repack packs them), unless another writer holds it: it repacks when it is done
      try (RegistryLock lock = RegistryLock.acquire(gitDir, Duration.ZERO)) {
        remote.housekeeping(repo);
      } catch (RegistryRefusedException busy) {
        // the other writer's own close or write repacks
      }
    }
    repo.close();
  }

  @Override
  public String toString() {
    return "Registry[" + gitDir + "]";
  }

  static InvalidInputException required(String what, String property) {
    return new InvalidInputException("No " + what + " given: set " + property + ".");
  }

  /** The model a command was given, refusing none or an invalid one. */
  static dev.modelregistry.model.ModelName requireModel(String model) {
    if (model == null) {
      throw required("model name", "registry.model");
    }
    return dev.modelregistry.model.ModelName.of(model);
  }

  /** The version a command was given (syntax only: the policy may still refuse its form), refusing none. */
  static dev.modelregistry.model.ModelVersion requireVersion(String version) {
    if (version == null) {
      throw required("version", "registry.version");
    }
    return dev.modelregistry.model.ModelVersion.of(version);
  }
}
