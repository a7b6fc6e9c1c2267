package dev.modelregistry.git;

import dev.modelregistry.git.errors.NoRegistryException;
import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.Catalog;
import dev.modelregistry.git.internal.LocalState;
import dev.modelregistry.git.internal.RegistryContext;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLocation;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.git.remote.RemoteSync;
import dev.modelregistry.git.remote.RemoteWrites;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.MinaProviders;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.StoreRouter;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RefLockFile;
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
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
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
 * <p>Each operation is a command object that runs once. Errors are {@link RegistryRefusedException}
 * (the input or the registry's state says no; nothing was written) or {@link
 * RegistryUnavailableException} (the environment is broken).
 */
public final class Registry implements AutoCloseable {

  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

  private final Repository repo;
  private final Path gitDir;
  private final RemoteSync remote; // null for a registry opened by path
  private final RemoteWrites remoteWrites; // null for a registry opened by path
  private final RegistryContext context;
  private final RegistryOptions options;

  private Registry(Repository repo, RegistryOptions options) {
    this(repo, null, options);
  }

  private Registry(Repository repo, RemoteSync remote, RegistryOptions options) {
    this.repo = repo;
    this.remote = remote;
    this.options = options;
    this.gitDir = repo.getDirectory().toPath().toAbsolutePath();
    Path cacheBase = options.cacheDirectory();
    LocalState state =
        remote != null
            ? LocalState.of(cacheBase, remote.humanishName(), remote.display())
            : LocalState.of(
                cacheBase,
                gitDir.getFileName() == null ? "registry" : gitDir.getFileName().toString(),
                realPath(gitDir));
    this.context =
        new RegistryContext(repo, remote, state, options.passphrases(), options.stores());
    this.remoteWrites = remote == null ? null : new RemoteWrites(remote, repo, this::lock);
  }

  /** What the front end said when it opened this registry. */
  RegistryOptions options() {
    return options;
  }

  /**
   * The signer for the SSH private key at {@code key} (opened now), or null for git's configured
   * one.
   */
  CommitSigner signer(Path key) {
    return key == null ? null : CommitSigner.sshKey(key, options.passphrases());
  }

  /** What the internals of an operation work on. */
  RegistryContext context() {
    return context;
  }

  private static String realPath(Path dir) {
    try {
      return dir.toRealPath().toString();
    } catch (IOException e) {
      return dir.toString();
    }
  }

  /**
   * Opens the registry at {@code url} with {@link RegistryOptions#defaults()}: a path, or a Git URL
   * ({@code file:}, HTTP(S), SSH) whose local clone is kept under {@code ~/.cache/model-registry}.
   * Refuses if there is no registry.
   */
  public static Registry open(String url) {
    return open(url, RegistryOptions.defaults());
  }

  /** As {@link #open(String)}, keeping clones and local state under {@code cacheBase}. */
  public static Registry open(String url, Path cacheBase) {
    return open(url, RegistryOptions.defaults().withCacheDirectory(cacheBase));
  }

  /**
   * Opens the registry at {@code url} as the front end's {@code options} say; refuses if there is
   * no registry.
   */
  public static Registry open(String url, RegistryOptions options) {
    prepare(options);
    if (RegistryLocation.isRemote(url)) {
      Registry r = openRemote(url, options);
      if (r.tip(RegistryFormat.MAIN) == null) {
        r.close();
        throw new NoRegistryException(
            r.remote.display(),
            "There is no registry at "
                + r.remote.display()
                + " (it has no branch main). Create one with init.");
      }
      return r;
    }
    Path dir = RegistryLocation.localPath(url);
    Registry r = new Registry(openRepository(dir, url), options);
    try {
      r.catalog(c -> c.policy()); // fail now, with a clear message, if this is not a registry
      return r;
    } catch (dev.modelregistry.model.RegistryUnavailableException e) {
      r.close();
      throw r.damaged(e);
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** Does, once, what the front end allowed of JVM-wide settings. */
  private static void prepare(RegistryOptions options) {
    if (options.isolateBouncyCastle()) {
      MinaProviders.useOwnBouncyCastle(); // before verification or an SSH remote first touches MINA
    }
  }

  private static Registry openRemote(String url, RegistryOptions options) {
    RemoteSync sync =
        RemoteSync.of(url)
            .loggingInWith(
                options.credentials(), options.credentialsTried(), options.passphrases());
    Registry r =
        new Registry(sync.openCache(sync.cacheDirectory(options.cacheDirectory())), sync, options);
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

  /**
   * The forge's page for a pull request from {@code source} into {@code target}, for GitHub and
   * GitLab remotes.
   */
  public java.util.Optional<String> pullRequestUrl(String source, String target) {
    return remote == null ? java.util.Optional.empty() : remote.pullRequestUrl(source, target);
  }

  /** The registry's address for people: its path, or its URL without credentials. */
  public String location() {
    return context.location();
  }

  /**
   * Runs a writing operation: at once for a registry opened by path; for a remote one as {@link
   * RemoteWrites#write} does (fetch, run, push, and again while other writers get there first).
   */
  <T> T write(java.util.function.Supplier<T> operation) {
    return remoteWrites == null ? operation.get() : remoteWrites.write(operation);
  }

  /**
   * As {@link #write}, for an operation whose checks read branches it does not write: for a remote
   * one, a push is also lost (and the operation run again) if any other branch moved meanwhile. A
   * promotion checked against main must not land on a main that a collection changed under it, nor
   * a collection on environments that a promotion changed under it.
   */
  <T> T writeLeasingEveryBranch(java.util.function.Supplier<T> operation) {
    return remoteWrites == null
        ? operation.get()
        : remoteWrites.write(operation, this::branchesToLease);
  }

  /**
   * Every branch of the local clone, and every environment {@code registry.yaml} names, even one
   * never used. Read from the file as it is, unjudged: leasing a branch more is only more careful,
   * and judging main here would remember as verified a local commit the push may yet drop.
   */
  private java.util.Collection<String> branchesToLease() {
    java.util.Set<String> names =
        new java.util.HashSet<>(catalog(c -> c.policy().environments().keySet()));
    try {
      for (org.eclipse.jgit.lib.Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        names.add(r.getName().substring(Constants.R_HEADS.length()));
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read the local cache at " + gitDir + ": " + e.getMessage(), e);
    }
    return names;
  }

  /** True if {@code url} names a directory holding a registry. */
  public static boolean exists(String url) {
    return exists(url, RegistryOptions.defaults());
  }

  /** True if {@code url} names a registry, reached as {@code options} say. */
  public static boolean exists(String url, RegistryOptions options) {
    if (RegistryLocation.isRemote(url)) {
      try (Registry r = openRemote(url, options)) {
        return r.tip(RegistryFormat.MAIN) != null;
      }
    }
    Path dir = RegistryLocation.localPath(url);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Registry r = new Registry(openRepository(dir, url), options)) {
      return r.repo.exactRef(RegistryFormat.ref(RegistryFormat.MAIN)) != null;
    } catch (IOException | dev.modelregistry.model.RegistryException e) {
      return false;
    }
  }

  /**
   * Creates a registry at {@code url} with {@code policy}: a bare repository whose branch {@code
   * main} holds {@code registry.yaml}. Refuses if a registry is already there.
   */
  public static Registry init(String url, Policy policy, Committer who) {
    return init(url, policy, who, null);
  }

  /**
   * Creates a registry whose first commit is signed by {@code signer}, which {@code policy} must
   * list among its trusted signers: trust flows from this commit, whose id {@link #rootCommit()}
   * returns for consumers to pin.
   */
  public static Registry init(String url, Policy policy, Committer who, CommitSigner signer) {
    return init(url, policy, who, signer, RegistryOptions.defaults());
  }

  /**
   * As {@link #init(String, Policy, PersonIdent, CommitSigner)}, as {@code options} say. At a
   * {@code file:} URL whose directory does not exist yet (or is empty), the bare repository is
   * created first, as at a path.
   */
  public static Registry init(
      String url, Policy policy, Committer who, CommitSigner signer, RegistryOptions options) {
    prepare(options);
    if (RegistryLocation.isRemote(url)) {
      createBareIfFileUrlIsFree(url);
      Registry r = openRemote(url, options);
      try {
        if (r.tip(RegistryFormat.MAIN) != null) {
          throw new RegistryRefusedException(
              "A registry already exists at " + r.remote.display() + ".");
        }
        if (who != null) {
          r.context.identity(new PersonIdent(who.name(), who.email()));
        }
        r.write(
            () -> {
              try {
                r.writeFirstCommit(policy, signer);
                return null;
              } catch (IOException e) {
                throw new RegistryUnavailableException(
                    "Cannot create the registry: " + e.getMessage(), e);
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
              "A registry already exists at "
                  + dir
                  + ". Use it as it is, or choose another place.");
        }
        throw new RegistryRefusedException(
            dir
                + " exists and is not an empty directory; a registry is created in a new or empty directory.");
      }
      Files.createDirectories(dir);
      Repository repo = FileRepositoryBuilder.create(dir.toFile());
      repo.create(true);
      Registry r = new Registry(repo, options);
      if (who != null) {
        r.context.identity(new PersonIdent(who.name(), who.email()));
      }
      r.writeFirstCommit(policy, signer);
      return r;
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot create a registry at " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the registry at {@code url}, creating it with the default policy at once if the place is
   * empty. To register into a registry that may not exist yet, use {@link
   * #registerCreatingIfAbsent}: it creates none for a registration it refuses.
   */
  public static Registry openOrInit(String url) {
    return openOrInit(url, RegistryOptions.defaults());
  }

  /** As {@link #openOrInit(String)}, as {@code options} say. */
  public static Registry openOrInit(String url, RegistryOptions options) {
    return exists(url, options)
        ? open(url, options)
        : init(url, Policy.defaults(java.util.List.of()), null, null, options);
  }

  /**
   * A {@code file:} URL names a directory: where it does not exist yet (or is empty), make the bare
   * repository there.
   */
  private static void createBareIfFileUrlIsFree(String url) {
    Path dir = RemoteSync.of(url).remoteDirectory();
    if (dir == null) {
      return;
    }
    try {
      if (Files.exists(dir) && !(Files.isDirectory(dir) && isEmptyDirectory(dir))) {
        return; // a repository (or something else, which the clone refuses clearly)
      }
      Files.createDirectories(dir);
      try (Repository bare = FileRepositoryBuilder.create(dir.toFile())) {
        bare.create(true);
      }
    } catch (IOException | IllegalStateException e) {
      throw new RegistryUnavailableException(
          "Cannot create a repository at " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * A registration into the registry at {@code url} that creates the registry, with the default
   * policy, if the place is empty: what a first build does. Every input is checked first (model
   * name, version against the policy the registry has or would have, metadata, artifact), so a
   * refused registration leaves the place as it was.
   */
  public static RegisterCommand registerCreatingIfAbsent(String url) {
    return registerCreatingIfAbsent(url, RegistryOptions.defaults());
  }

  /** As {@link #registerCreatingIfAbsent(String)}, as {@code options} say. */
  public static RegisterCommand registerCreatingIfAbsent(String url, RegistryOptions options) {
    return RegisterCommand.creatingIfAbsent(url, options);
  }

  /**
   * Refuses to create a registry at {@code url} with {@code policy} for a registration that the new
   * registry would then refuse: artifacts kept beside a repository that writers reach only over the
   * network (see {@link #storeFor}).
   */
  static void checkCreatableForRegistration(String url, Policy policy) {
    if (RegistryLocation.isRemote(url)
        && policy.store().type().equals(dev.modelregistry.model.StorePolicy.LOCAL)
        && !Path.of(policy.store().path()).isAbsolute()
        && RemoteSync.of(url).remoteDirectory() == null) {
      throw new RegistryRefusedException(
          "There is no registry at "
              + RemoteSync.of(url).display()
              + " yet, and one"
              + " created for this registration would keep its artifacts in '"
              + policy.store().path()
              + "' beside its"
              + " repository, which writers on other machines cannot reach. Nothing was created. Create the registry first"
              + " (init), set store.path in its registry.yaml (branch main) to a directory every writer and reader can reach,"
              + " then register.");
    }
  }

  private void writeFirstCommit(Policy policy, CommitSigner signer) throws IOException {
    RefUpdate head = repo.updateRef(Constants.HEAD);
    head.link(RegistryFormat.ref(RegistryFormat.MAIN));
    try (ObjectInserter ins = repo.newObjectInserter();
        ObjectReader reader = ins.newReader()) {
      ObjectId tree =
          new TreeEdit()
              .put(RegistryFormat.POLICY_FILE, SafeMapper.writeYaml(policy))
              .apply(reader, ins, null);
      String msg =
          Trailers.of(Trailers.ACTION, "init")
              .message(
                  "Create the registry", "Policy: format version " + policy.formatVersion() + ".");
      ObjectId commit;
      if (signer == null) {
        commit = BranchWriter.commit(ins, tree, null, identityNow(), msg);
      } else {
        SigningIdentity who =
            SigningIdentity.resolve(
                context,
                signer,
                TrustedSigners.of(policy),
                "Creating the registry",
                dev.modelregistry.model.SignedAction.CHANGE_POLICY);
        commit =
            BranchWriter.commit(
                repo, signer, ins, tree, null, who.person(context.clock().instant()), msg);
      }
      if (!BranchWriter.compareAndSwap(repo, RegistryFormat.MAIN, null, commit, "registry: init")) {
        throw new RegistryRefusedException(
            "Another process created a registry here at the same time.");
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
      java.util.Optional<String> interrupted = RegistrySwap.interrupted(dir);
      if (interrupted.isPresent()) {
        throw new NoRegistryException(dir.toString(), interrupted.get());
      }
      throw new NoRegistryException(
          dir.toString(),
          "There is no registry at "
              + dir
              + (dir.toString().equals(url) ? "" : " (from " + url + ")")
              + ". Create one with"
              + " init, or register a model there (register creates a local registry).");
    }
    try {
      FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
      Path dotGit = dir.resolve(Constants.DOT_GIT);
      b.setGitDir(Files.isDirectory(dotGit) ? dotGit.toFile() : dir.toFile());
      b.readEnvironment();
      return b.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new NoRegistryException(
          dir.toString(),
          dir
              + " is not a Git repository, so not a registry. Check the registry's path, or create a registry with init.",
          e);
    }
  }

  /** git's {@code user.email} from the user's and system's configuration, or null. */
  public static String gitUserEmail() {
    try {
      org.eclipse.jgit.lib.StoredConfig c =
          org.eclipse.jgit.util.SystemReader.getInstance().getUserConfig();
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
    try (Snapshot s = Snapshot.take(context)) {
      return s.trustRoot().commit().name();
    }
  }

  /**
   * The first commit of main (which tells this registry from another one created at the same
   * place).
   */
  String rootOfMain() {
    try (Snapshot s = Snapshot.take(context)) {
      return s.trustHistory().entryAt(0).commit().name();
    }
  }

  /** Gives a registry without trusted signers its first one, as a reported, signed act. */
  public AdoptCommand adopt() {
    return new AdoptCommand(this);
  }

  /** Sets who writes this registry's commits (default: git's user.name and user.email). */
  public Registry as(Committer who) {
    context.identity(new PersonIdent(who.name(), who.email()));
    return this;
  }

  /**
   * {@code e} as a {@link dev.modelregistry.git.errors.RegistryDamagedException} if a missing or
   * corrupt object of this registry's repository caused it (a restore fixes that, retrying never
   * does); {@code e} itself otherwise.
   */
  RuntimeException damaged(dev.modelregistry.model.RegistryUnavailableException e) {
    return dev.modelregistry.git.internal.ObjectDamage.of(
            e,
            context.repository().getDirectory().toPath(),
            remote == null ? null : remote.display())
        .<RuntimeException>map(d -> d)
        .orElse(e);
  }

  /** Sets the clock (tests use a fixed one). */
  public Registry withClock(Clock clock) {
    context.clock(clock);
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

  /**
   * Writes the artifact an environment runs (or a named version's) to a path, checked while it
   * streams.
   */
  public PullCommand pull() {
    return new PullCommand(this);
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

  /**
   * What an environment runs for a model, resolved for loading: the verified record, the
   * registration's metadata and pointer, and the store of its bytes (see {@link Deployment}).
   */
  public DeploymentCommand deployment() {
    return new DeploymentCommand(this);
  }

  /**
   * The commit a branch of this registry's repository points to now (40 hex digits), or empty if
   * there is no such branch. Cheap (a look at one ref, nothing verified): what a process that
   * follows a branch compares between looks. For a remote registry, its local clone's branch, as
   * the last {@link #refresh()} left it.
   */
  public java.util.Optional<String> branchTip(String branch) {
    ObjectId id = tip(branch);
    return id == null ? java.util.Optional.empty() : java.util.Optional.of(id.name());
  }

  /** Marks a version failed, as a signed commit on main. */
  public FailCommand fail() {
    return new FailCommand(this);
  }

  /** Replaces registry.yaml (all but its signers and roles) by a signed commit on main. */
  public PolicyCommand changePolicy() {
    return new PolicyCommand(this);
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
   * Applies the retention policy: a dry run that reports what it would remove unless forced;
   * forced, removes those version directories from main in one signed commit and deletes the
   * artifact bytes no branch names any more.
   */
  public GcCommand gc() {
    return new GcCommand(this);
  }

  /**
   * Writes a backup: a Git bundle of every ref, the artifacts the branches point to and a manifest,
   * into a backup location (given, or the policy's {@code backups.path}).
   */
  public BackupCommand backup() {
    return new BackupCommand(this);
  }

  /**
   * The backups at a location (given, or the policy's), each checked as a restore would check it.
   */
  public BackupsCommand backups() {
    return new BackupsCommand(this);
  }

  /** The backups at {@code location}, each checked, without a registry: for when it is gone. */
  public static BackupsCommand backups(Path location) {
    return new BackupsCommand(null).at(location);
  }

  /**
   * Restores this registry from a backup (or one version's artifact bytes into its store). A dry
   * run unless forced. This registry object then reads the registry it replaced: open the registry
   * again.
   */
  public RestoreCommand restore() {
    return new RestoreCommand(this, remote == null ? gitDir.toString() : remote.display(), options);
  }

  /**
   * Restores the registry at {@code url} from a backup, whether or not a registry is there now, or
   * too damaged to open (or one version's artifact bytes, which needs the registry open). A dry run
   * unless forced.
   */
  public static RestoreCommand restore(String url, RegistryOptions options) {
    prepare(options);
    return new RestoreCommand(null, url, options);
  }

  /**
   * The policy in force at the tip of {@code main}: {@code registry.yaml} as the last change that a
   * trusted signer made left it (a change no trusted signer made is never in force).
   */
  public Policy policy() {
    try (Snapshot s = Snapshot.take(context)) {
      return s.policy();
    }
  }

  /** The registry's Git directory. */
  public Path directory() {
    return gitDir;
  }

  /** The store new artifacts go to, from the policy. */
  public ArtifactStore store() {
    return storeFor(policy()).writes();
  }

  StoreRouter storeFor(Policy policy) {
    return context.storeFor(policy);
  }

  Repository repository() {
    return repo;
  }

  PersonIdent identityNow() {
    return context.identityNow();
  }

  Clock clock() {
    return context.clock();
  }

  /** This user's private state about the registry (see {@code LocalState}). */
  Path stateDirectory() {
    return context.stateDirectory();
  }

  RegistryLock lock() {
    return context.lock();
  }

  java.util.List<RefLockFile> refLockFiles() {
    return context.refLockFiles();
  }

  void reported(java.util.List<String> repairs) {
    context.reported(repairs);
  }

  <T> T catalog(Function<Catalog, T> question) {
    return context.catalog(question);
  }

  ObjectId tip(String branch) {
    return context.tip(branch);
  }

  @Override
  public void close() {
    if (remote != null) {
      // the answer is given: now the cache may be repacked, under the lock like every change of its
      // refs
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

  /**
   * A refusal for an input an operation needs and was not given; {@code why} says what for ("" if
   * plain).
   */
  static MissingInputException required(Input input, String why) {
    return new MissingInputException(
        input,
        "No " + input.words() + " given" + (why.isEmpty() ? "." : ": it is needed " + why + "."));
  }

  /** The model a command was given, refusing none or an invalid one. */
  static dev.modelregistry.model.ModelName requireModel(String model) {
    if (model == null) {
      throw required(Input.MODEL, "");
    }
    return dev.modelregistry.model.ModelName.of(model);
  }

  /**
   * The version a command was given (syntax only: the policy may still refuse its form), refusing
   * none.
   */
  static dev.modelregistry.model.ModelVersion requireVersion(String version) {
    if (version == null) {
      throw required(Input.VERSION, "");
    }
    return dev.modelregistry.model.ModelVersion.of(version);
  }
}
