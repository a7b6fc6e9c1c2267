package dev.modelregistry.git.internal;

import dev.modelregistry.git.signing.PassphraseSource;
import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.git.store.StoreRouter;
import dev.modelregistry.git.store.StoreSettings;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RefLockFile;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.StorePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * One open registry as its internals see it: the Git repository, this user's local state about it,
 * the remote it follows (if any), who writes and when, and what was parsed or verified so far.
 * {@code Registry} is the façade over it; operations hand this to the internals.
 */
public final class RegistryContext {
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

  private final Repository repo;
  private final Path gitDir;
  private final RemoteOrigin remote; // null for a registry opened by path
  private final LocalState state;
  private final PassphraseSource passphrases;
  private final StoreSettings stores;
  private final ParsedObjectCache parsed = new ParsedObjectCache();
  private PersonIdent identity;
  private Clock clock = Clock.systemUTC();
  private VerifiedCache verifiedCache;
  private MainHistory mainHistory;
  private Registrations registrations;

  public RegistryContext(
      Repository repo,
      RemoteOrigin remote,
      LocalState state,
      PassphraseSource passphrases,
      StoreSettings stores) {
    this.passphrases = passphrases;
    this.stores = stores;
    this.repo = repo;
    this.remote = remote;
    this.gitDir = repo.getDirectory().toPath().toAbsolutePath();
    this.state = state;
    this.identity = Identity.fromGitConfig(repo);
  }

  /** Where passphrases of protected keys come from, as the front end said. */
  public PassphraseSource passphrases() {
    return passphrases;
  }

  public Repository repository() {
    return repo;
  }

  /** The registry's Git directory (for a remote, its local clone's). */
  public Path directory() {
    return gitDir;
  }

  /** The registry's address for people: its path, or its URL without credentials. */
  public String location() {
    return remote == null ? gitDir.toString() : remote.display();
  }

  /** The remote this registry's clone follows, or null for a registry opened by path. */
  public RemoteOrigin remote() {
    return remote;
  }

  public void identity(PersonIdent who) {
    this.identity = who;
  }

  public PersonIdent identityNow() {
    return new PersonIdent(identity, clock.instant());
  }

  public void clock(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * This user's private state about the registry, never pushed and never in its Git directory:
   * verification cache, tips seen, allowed-signers files (see {@link LocalState}).
   */
  public Path stateDirectory() {
    return state.dir();
  }

  public TipJournal tipJournal() {
    return TipJournal.inState(stateDirectory());
  }

  public synchronized VerifiedCache verifiedCache() {
    if (verifiedCache == null) {
      verifiedCache = new VerifiedCache(stateDirectory());
    }
    return verifiedCache;
  }

  /** Main's judged history, as this user remembers it, shared by this registry's operations. */
  public synchronized MainHistory mainHistory() {
    if (mainHistory == null) {
      mainHistory = new MainHistory(repo, stateDirectory(), this::policyOfBlob, signatures());
    }
    return mainHistory;
  }

  /** Where versions were registered, found on {@link #mainHistory()}. */
  public synchronized Registrations registrations() {
    if (registrations == null) {
      registrations = new Registrations(repo, mainHistory());
    }
    return registrations;
  }

  /** Checks signatures against allowed-signers files kept in this user's state. */
  public SignatureCheck signatures() {
    return new SignatureCheck(stateDirectory().resolve("trust"));
  }

  /** The policy a {@code registry.yaml} blob holds, parsed once (refusing a malformed one). */
  public Policy policyOfBlob(ObjectId blob) {
    return parsed.policy(
        blob,
        () -> {
          try (ObjectReader r = repo.newObjectReader()) {
            return MainHistory.readPolicy(r, blob);
          }
        });
  }

  /**
   * What this registry parsed from Git objects (version indexes, policies), shared by its
   * catalogues.
   */
  public ParsedObjectCache parsed() {
    return parsed;
  }

  /**
   * The stores of {@code policy}: new bytes to the one it names, reads to the one each pointer
   * names.
   */
  public StoreRouter storeFor(Policy policy) {
    return new StoreRouter(policy.store(), () -> localStore(policy), stores);
  }

  /** The directory of {@code local:} pointers, seen from this machine. */
  private LocalArtifactStore localStore(Policy policy) {
    Path p = Path.of(policy.store().path());
    if (p.isAbsolute()) {
      return new LocalArtifactStore(p);
    }
    if (remote == null) {
      return new LocalArtifactStore(gitDir.resolve(p));
    }
    if (remote.remoteDirectory() != null) {
      return new LocalArtifactStore(
          remote.remoteDirectory().resolve(p)); // beside the file: remote, shared by its writers
    }
    throw new RegistryRefusedException(
        "Registry "
            + remote.display()
            + " keeps "
            + (policy.store().type().equals(StorePolicy.LOCAL) ? "its" : "older versions'")
            + " artifacts in '"
            + p
            + "' relative to its"
            + " repository, which writers on other machines cannot reach. Set store.path in registry.yaml (branch main) to a"
            + " directory every writer and reader can reach (an absolute path on shared storage), or"
            + " keep artifacts on a server every machine reaches (store.type http or maven).");
  }

  /**
   * Takes the registry lock. The first time a thread takes it, ref lock files that dead writers
   * left behind are removed ({@link RefLocks}), noted in the lock for the operation's result:
   * holding the lock, no writer of ours is at work, and a fetch or a branch update that such a file
   * blocks would otherwise fail or see stale refs.
   */
  public RegistryLock lock() {
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

  /**
   * Ref lock files in this registry's repository and, for a {@code file:} remote, in the remote's.
   */
  public List<RefLockFile> refLockFiles() {
    List<RefLockFile> out = new ArrayList<>(RefLocks.report(gitDir, true));
    if (remote != null
        && remote.remoteDirectory() != null
        && Files.isDirectory(remote.remoteDirectory())) {
      out.addAll(RefLocks.report(remote.remoteDirectory(), false));
    }
    return out;
  }

  /** Marks repairs as reported to the caller, in a result it is handed. */
  public void reported(List<String> repairs) {
    RegistryLock.reported(gitDir, repairs);
  }

  /** Runs {@code question} on the catalogue at the tip of {@code main}. */
  public <T> T catalog(Function<Catalog, T> question) {
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      Ref main = repo.exactRef(RegistryFormat.ref(RegistryFormat.MAIN));
      if (main == null) {
        throw new dev.modelregistry.git.errors.NoRegistryException(
            location(),
            location()
                + " is a Git repository without a"
                + " branch main, so not a registry. Create one with init.");
      }
      return question.apply(new Catalog(reader, walk.parseCommit(main.getObjectId()), parsed));
    } catch (IOException e) {
      throw PackCheck.unreadable(repo, location(), e);
    }
  }

  /** The tip of a branch, or null. */
  public ObjectId tip(String branch) {
    try {
      Ref r = repo.exactRef(RegistryFormat.ref(branch));
      return r == null ? null : r.getObjectId();
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read branch " + branch + ": " + e.getMessage(), e);
    }
  }
}
