package dev.modelregistry.git;

import dev.modelregistry.git.internal.BackupCheck;
import dev.modelregistry.git.internal.BackupLocation;
import dev.modelregistry.git.internal.Bundles;
import dev.modelregistry.git.internal.RegistryLocation;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.remote.RemoteSync;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.FileCopy;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.BackupManifest;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Restores a registry from a backup ({@link #from}: {@code latest}, a date {@code YYYY-MM-DD}, or a
 * path), or only one version's artifact bytes ({@link #model} and {@link #version}).
 *
 * <p>The whole registry: the backup is checked in full first (every file's sha256, the bundle
 * complete, its refs those of the manifest), and refused, naming the file, before anything is
 * touched. The refs and artifacts are then written into a new repository beside the registry, the
 * registry there now is renamed aside ({@code <name>.replaced-<time>}: restoring the wrong backup
 * loses nothing), and the new one renamed into its place. It works where the registry is gone or
 * too damaged to open ({@link Registry#restore(String, RegistryOptions)}). A remote registry is
 * restored into a new local bare repository; the answer says how to serve it or push it (replacing
 * a forge's repository is its administrator's act).
 *
 * <p>One version's artifact: the bytes come from the newest backup that holds a copy matching the
 * version's pointer (size and sha256, read in full), and replace the store's file in one step.
 *
 * <p>Either is a dry run unless {@link #force} is set: it checks what it would use and says what it
 * would do, writing nothing.
 */
public final class RestoreCommand extends RegistryCommand<RestoreCommand.Restored> {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

  private final String url;
  private final RegistryOptions options;
  private String from = LATEST;
  private Path location;
  private boolean force;
  private String model;
  private String version;
  private Path into;
  private BackupCommand.Progress progress = (phase, done, total) -> {};

  /** The {@link #from} that means the newest backup. */
  public static final String LATEST = "latest";

  RestoreCommand(Registry registry, String url, RegistryOptions options) {
    super(registry);
    this.url = url;
    this.options = options;
  }

  /**
   * {@code latest} (the default), a date {@code YYYY-MM-DD} (its newest backup, in UTC), or the
   * path of a backup or of a location.
   */
  public RestoreCommand from(String from) {
    this.from = from == null || from.isBlank() ? LATEST : from.strip();
    return this;
  }

  /**
   * The backup location {@code latest} and dates are looked up in. Default: the policy's {@code
   * backups.path}.
   */
  public RestoreCommand location(Path location) {
    this.location = location;
    return this;
  }

  /** Really restore; without it, a dry run. */
  public RestoreCommand force(boolean force) {
    this.force = force;
    return this;
  }

  /** With {@link #version}: restore only this version's artifact bytes into the store. */
  public RestoreCommand model(String model) {
    this.model = model;
    return this;
  }

  public RestoreCommand version(String version) {
    this.version = version;
    return this;
  }

  /**
   * For a remote registry, the new local bare repository to restore into. Default: under the cache,
   * in {@code restored/}.
   */
  public RestoreCommand into(Path dir) {
    this.into = dir;
    return this;
  }

  /**
   * Told how far a long restore has come: {@code check}, then {@code artifacts} (done of total).
   */
  public RestoreCommand progress(BackupCommand.Progress progress) {
    this.progress = progress == null ? (phase, done, total) -> {} : progress;
    return this;
  }

  /**
   * A ref the restore sets.
   *
   * @param now its id in the registry now, or null if it has none (or there is no registry)
   * @param restored its id in the backup, or null if the backup has no such ref (it goes)
   */
  public record RefChange(String ref, String now, String restored) {
    public boolean changes() {
      return now == null ? restored != null : !now.equals(restored);
    }
  }

  /**
   * What the restore did, or would do.
   *
   * @param backup the backup used
   * @param registry the registry restored: its path or URL
   * @param restoredTo the repository written (the registry's place, or a new local repository for a
   *     remote one); for one artifact, the store's file
   * @param keptAside where the registry that was replaced now is; null if there was none
   * @param refs every ref of either side, with its id now and in the backup (empty for one
   *     artifact)
   * @param artifacts how many artifacts were (or would be) written into the store
   * @param nothingToDo true if the store's copy of the one artifact already matched: nothing
   *     written
   * @param notes what else to know or do next, in words
   */
  public record Restored(
      boolean dryRun,
      Path backup,
      Instant backupCreatedAt,
      String registry,
      Path restoredTo,
      Path keptAside,
      List<RefChange> refs,
      int artifacts,
      long artifactBytes,
      String model,
      String version,
      Sha256 sha256,
      boolean nothingToDo,
      List<String> notes) {
    /** One line for people; a front end adds how to run it for real after a dry run. */
    public String summary() {
      String b = backup == null ? "" : backup.getFileName() + " (taken " + backupCreatedAt + ")";
      if (model != null) {
        if (nothingToDo) {
          return "Nothing to do: the store's copy of the artifact of "
              + model
              + " "
              + version
              + " (sha256 "
              + sha256.hex()
              + ") at "
              + restoredTo
              + " is intact. Nothing written.";
        }
        return (dryRun ? "Dry run: would restore" : "Restored")
            + " the artifact of "
            + model
            + " "
            + version
            + " (sha256 "
            + sha256.hex()
            + ", "
            + dev.modelregistry.model.Text.bytes(artifactBytes)
            + ", checked) from backup "
            + b
            + " into "
            + restoredTo
            + "."
            + (dryRun ? " Nothing written." : "");
      }
      long changed = refs.stream().filter(RefChange::changes).count();
      return (dryRun ? "Dry run: would restore " : "Restored ")
          + registry
          + " from backup "
          + b
          + ": "
          + refs.size()
          + " refs ("
          + changed
          + " changed), "
          + artifacts
          + " artifacts into "
          + restoredTo
          + "."
          + (keptAside == null
              ? ""
              : (dryRun
                      ? " The registry there now would be kept at "
                      : " The registry it replaced is kept at ")
                  + keptAside
                  + ".")
          + (dryRun ? " The backup verifies. Nothing written." : "");
    }
  }

  @Override
  Restored run() {
    if (model != null || version != null) {
      ModelName m = Registry.requireModel(model);
      ModelVersion v = Registry.requireVersion(version);
      if (registry != null) {
        return restoreArtifact(registry, m, v);
      }
      try (Registry r = Registry.open(url, options)) {
        return restoreArtifact(r, m, v);
      }
    }
    return restoreRegistry();
  }

  // ---- the whole registry ----

  private Restored restoreRegistry() {
    if (url == null || url.isBlank()) {
      throw new MissingInputException(
          Input.URL, "No registry given: name the registry to restore (its path or URL).");
    }
    boolean remote = RegistryLocation.isRemote(url);
    Instant now = Instant.now();
    Path target = remote ? remoteTarget(now) : RegistryLocation.localPath(url);
    String shown = remote ? RemoteSync.of(url).display() : target.toString();
    Path backup = chooseBackup();
    Path parent = target.toAbsolutePath().getParent();
    Path staging = null;
    Path tempCache = null;
    try {
      if (!force) {
        progress.at("check", 0, 1);
        BackupCheck.Outcome o = new BackupCheck().check(backup, null, BackupCheck.Depth.FULL);
        requireVerified(o);
        progress.at("check", 1, 1);
        Current current = current(target, o.manifest().rootCommit());
        Path aside = current.exists && !remote ? aside(target, now) : null;
        return new Restored(
            true,
            backup,
            o.manifest().createdAt(),
            shown,
            target,
            aside,
            changes(current.refs, o.refs()),
            o.manifest().artifacts(),
            o.manifest().artifactBytes(),
            null,
            null,
            null,
            false,
            notes(o.manifest(), current, remote, target, null));
      }
      if (remote && Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !isEmptyDirectory(target)) {
        throw new RegistryRefusedException(
            target
                + " exists; a remote registry is restored into a new directory. Name another"
                + " one, or remove it. Nothing was changed.");
      }
      Files.createDirectories(parent);
      staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".restoring-");
      BackupCheck.Outcome o;
      try (Repository repo = FileRepositoryBuilder.create(staging.toFile())) {
        repo.create(true);
        progress.at("check", 0, 1);
        o =
            new BackupCheck()
                .check(
                    backup,
                    repo,
                    BackupCheck.Depth
                        .FULL); // the bundle's refs land in the new repository as it is checked
        requireVerified(o);
        progress.at("check", 1, 1);
        RefUpdate head = repo.updateRef(Constants.HEAD);
        head.disableRefLog();
        head.link(Constants.R_HEADS + "main");
      }
      tempCache = Files.createTempDirectory("registry-restore-");
      int written = restoreArtifacts(backup, o.manifest(), staging, tempCache);
      Current current = current(target, o.manifest().rootCommit());
      Path aside = null;
      if (!remote && current.exists) {
        aside = swap(target, staging, now);
      } else {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(target); // an empty directory: the place to restore into
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      }
      staging = null;
      forgetTipsSeen(target);
      return new Restored(
          false,
          backup,
          o.manifest().createdAt(),
          shown,
          target,
          aside,
          changes(current.refs, o.refs()),
          written,
          o.manifest().artifactBytes(),
          null,
          null,
          null,
          false,
          notes(o.manifest(), current, remote, target, aside));
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot restore into "
              + target
              + ": "
              + e.getMessage()
              + ". The registry there was"
              + " left as it was.",
          e);
    } finally {
      deleteQuietly(staging);
      deleteQuietly(tempCache);
    }
  }

  private static void requireVerified(BackupCheck.Outcome o) {
    if (!o.ok()) {
      throw new RegistryRefusedException(
          "Restore refused: backup "
              + o.dir()
              + " does not verify: "
              + o.summary()
              + ". Nothing was changed. Restore from another backup (backups lists them and says which verify), naming it by its"
              + " path.");
    }
  }

  /** The registry at the restore's target now, as far as it can be read. */
  /**
   * @param sameRegistry whether main's history there holds the backup's root commit (null: unknown)
   */
  private record Current(
      boolean exists, Map<String, ObjectId> refs, Boolean sameRegistry, String problem) {}

  private static Current current(Path target, String backupRoot) {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || isEmptyDirectory(target)) {
      return new Current(false, Map.of(), null, null);
    }
    Path gitDir =
        Files.isDirectory(target.resolve(Constants.DOT_GIT))
            ? target.resolve(Constants.DOT_GIT)
            : target;
    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build()) {
      Map<String, ObjectId> refs = Bundles.refsToBackUp(repo);
      return new Current(true, refs, mainHolds(repo, backupRoot), null);
    } catch (IOException | RuntimeException e) {
      return new Current(
          true,
          Map.of(),
          null,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /**
   * True if {@code commit} is on main's first-parent chain: where a registry's root of trust always
   * is.
   */
  private static Boolean mainHolds(Repository repo, String commit) throws IOException {
    ObjectId main = repo.resolve(Constants.R_HEADS + "main");
    if (main == null) {
      return null;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      for (RevCommit c = walk.parseCommit(main); ; c = walk.parseCommit(c.getParent(0))) {
        if (c.name().equals(commit)) {
          return true;
        }
        if (c.getParentCount() == 0) {
          return false;
        }
      }
    }
  }

  /**
   * The first commit of main's first-parent chain: what tells one registry from another at the same
   * place.
   */
  private static String firstCommitOfMain(Repository repo) throws IOException {
    ObjectId main = repo.resolve(Constants.R_HEADS + "main");
    if (main == null) {
      return null;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(main);
      while (c.getParentCount() > 0) {
        c = walk.parseCommit(c.getParent(0));
      }
      return c.name();
    }
  }

  private static List<RefChange> changes(
      Map<String, ObjectId> now, Map<String, ObjectId> restored) {
    List<RefChange> out = new ArrayList<>();
    for (String ref : new TreeSet<>(union(now.keySet(), restored.keySet()))) {
      ObjectId a = now.get(ref);
      ObjectId b = restored.get(ref);
      out.add(new RefChange(ref, a == null ? null : a.name(), b == null ? null : b.name()));
    }
    return out;
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return u;
  }

  private List<String> notes(
      BackupManifest m, Current current, boolean remote, Path target, Path aside) {
    List<String> notes = new ArrayList<>();
    if (current.problem != null) {
      notes.add(
          "The repository at "
              + target
              + " cannot be read ("
              + current.problem
              + "); it is "
              + (force ? "kept" : "would be kept")
              + " aside as it is.");
    }
    if (Boolean.FALSE.equals(current.sameRegistry)) {
      notes.add(
          "The backup is of another registry than the one at "
              + target
              + ": its root commit "
              + m.rootCommit()
              + " is not in that registry's history of main.");
    }
    if (current.exists && changes(current.refs, refsOf(m)).stream().anyMatch(RefChange::changes)) {
      notes.add(
          "Machines and CI jobs that read the registry after this backup was taken will report its branches as rewritten"
              + " until their tips file is deleted (each message names it); this machine's was reset.");
    }
    if (remote) {
      notes.add(
          "This is a new local bare repository, not the remote. To serve it: use its path as the registry, or"
              + " git daemon --export-all --base-path="
              + target.getParent()
              + ". To replace the remote (its forge's"
              + " administrator's act): git -C "
              + target
              + " push --mirror <new, empty repository>, or with force pushes allowed,"
              + " git -C "
              + target
              + " push --mirror "
              + RemoteSync.of(url).display()
              + ".");
    }
    return notes;
  }

  private static Map<String, ObjectId> refsOf(BackupManifest m) {
    Map<String, ObjectId> out = new TreeMap<>();
    m.refs().forEach(r -> out.put(r.name(), ObjectId.fromString(r.id())));
    return out;
  }

  private Path remoteTarget(Instant now) {
    if (into != null) {
      return into.toAbsolutePath().normalize();
    }
    String name = RemoteSync.of(url).humanishName();
    return options
        .cacheDirectory()
        .toAbsolutePath()
        .normalize()
        .resolve("restored")
        .resolve(name + "-" + STAMP.format(now) + ".git");
  }

  private static Path aside(Path target, Instant now) {
    return target.resolveSibling(target.getFileName() + ".replaced-" + STAMP.format(now));
  }

  /**
   * Puts the artifacts of the backup into the store the restored registry's policy names (relative
   * to the new repository, or a shared store at an absolute path): each one absent or damaged there
   * is copied, hashed while copied, and moved into place only if it matches.
   */
  private int restoreArtifacts(Path backup, BackupManifest m, Path staging, Path tempCache) {
    // opened with a throw-away cache: this user's state about the registry is the registry's at its
    // place, not the staging's
    try (Registry staged =
        Registry.open(staging.toString(), options.withCacheDirectory(tempCache))) {
      // A relative store lies inside the new repository, wherever registry.yaml at main's tip
      // points:
      // safe to take unjudged. Only a store at an absolute path (shared, outside) waits for the
      // policy
      // in force, judged over main's whole history (seconds on a large registry, with no cache
      // yet).
      Policy tip = staged.catalog(c -> c.policy());
      ArtifactStore store =
          Path.of(tip.store().path()).isAbsolute() ? staged.store() : staged.storeFor(tip);
      if (!(store instanceof LocalArtifactStore local)) {
        throw new RegistryRefusedException(
            "The restored registry's store is not a local directory: its artifacts cannot be"
                + " restored into it. Nothing was changed.");
      }
      int written = 0;
      int done = 0;
      List<BackupManifest.FileEntry> files = m.artifactFiles();
      progress.at("artifacts", 0, files.size());
      for (BackupManifest.FileEntry f : files) {
        if (!intact(local, f.sha256(), f.size())) {
          local.restore(backup.resolve(f.path()), pointer(f.sha256(), f.size()));
          written++;
        }
        progress.at("artifacts", ++done, files.size());
      }
      return written;
    }
  }

  private static ArtifactPointer pointer(Sha256 sha, long size) {
    return new ArtifactPointer(LocalArtifactStore.uriOf(sha), sha, size, null, sha.hex());
  }

  private static boolean intact(LocalArtifactStore store, Sha256 sha, long size) {
    Path p = store.pathOf(sha);
    try {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) != size) {
        return false;
      }
      return FileCopy.hash(p).sha256().equals(sha);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Renames the registry at {@code target} aside and {@code staging} into its place, holding the
   * registry's lock so that no writer of ours is half-way through a change. Two renames, not one:
   * should the second fail, the first is undone.
   */
  private static Path swap(Path target, Path staging, Instant now) throws IOException {
    Path aside = aside(target, now);
    Path gitDir =
        Files.isDirectory(target.resolve(Constants.DOT_GIT))
            ? target.resolve(Constants.DOT_GIT)
            : target;
    RegistryLock lock = null;
    try {
      if (Files.isDirectory(gitDir.resolve("objects"))) {
        lock = RegistryLock.acquire(gitDir, LOCK_TIMEOUT);
      }
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        throw e;
      }
      return aside;
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  /**
   * This user's tips seen of the registry at {@code target} start over from the restored branches:
   * the restore is the deliberate rewind that the check of rewritten branches exists to catch
   * otherwise.
   */
  private void forgetTipsSeen(Path target) {
    try (Registry restored = Registry.open(target.toString(), options)) {
      String root = firstCommitOfMain(restored.repository());
      if (root != null) {
        restored.context().tipJournal().startOver(root);
      }
    } catch (IOException | RegistryException e) {
      // the restore is done; a read reports the rewind with its fix, which is what this would have
      // spared
    }
  }

  // ---- one version's artifact ----

  private Restored restoreArtifact(Registry r, ModelName m, ModelVersion v) {
    ArtifactPointer pointer;
    Policy policy;
    try (Snapshot s = Snapshot.take(r.context())) {
      policy = s.policy();
      pointer = s.pointer(s.registered(m, v, "Restoring the artifact of " + m + " " + v));
    }
    ArtifactStore store = r.storeFor(policy);
    if (!(store instanceof LocalArtifactStore local)) {
      throw new RegistryRefusedException(
          "The store of " + m + " " + v + " is not a local directory; restore its bytes there.");
    }
    Path stored = local.pathOf(pointer.sha256());
    if (intact(local, pointer.sha256(), pointer.size())) {
      return new Restored(
          !force,
          null,
          null,
          r.location(),
          stored,
          null,
          List.of(),
          0,
          pointer.size(),
          m.value(),
          v.value(),
          pointer.sha256(),
          true,
          List.of());
    }
    List<Path> candidates = candidates(policy);
    List<String> problems = new ArrayList<>();
    String path = BackupManifest.artifactPath(pointer.sha256());
    for (int i = candidates.size() - 1; i >= 0; i--) {
      Path b = candidates.get(i);
      List<String> found = new ArrayList<>();
      BackupManifest manifest = BackupCheck.readManifest(b, found);
      if (manifest == null) {
        problems.add(b.getFileName() + ": " + String.join("; ", found));
        continue;
      }
      BackupManifest.FileEntry f = manifest.file(path);
      if (f == null) {
        continue; // a backup taken before the version was registered
      }
      Path copy = b.resolve(path);
      try {
        FileCopy.Hashed h = FileCopy.hash(copy);
        if (!h.sha256().equals(pointer.sha256()) || h.size() != pointer.size()) {
          problems.add(b.getFileName() + ": its copy has sha256 " + h.sha256().hex());
          continue;
        }
      } catch (IOException e) {
        problems.add(b.getFileName() + ": cannot read its copy (" + e.getMessage() + ")");
        continue;
      }
      if (force) {
        local.restore(copy, pointer);
      }
      return new Restored(
          !force,
          b,
          manifest.createdAt(),
          r.location(),
          stored,
          null,
          List.of(),
          1,
          pointer.size(),
          m.value(),
          v.value(),
          pointer.sha256(),
          false,
          List.of());
    }
    throw new RegistryRefusedException(
        "No backup "
            + (LATEST.equals(from) ? "at " + searched(policy) : Display.quote(from))
            + " holds a good copy of the artifact of "
            + m
            + " "
            + v
            + " (sha256 "
            + pointer.sha256().hex()
            + "; "
            + candidates.size()
            + " backup(s) looked at"
            + (problems.isEmpty() ? "" : ": " + String.join("; ", problems))
            + "). Nothing was changed."
            + " Put back any copy whose sha256 is "
            + pointer.sha256().hex()
            + " (install -m 444 <good copy> "
            + stored
            + "), or"
            + " register the model again under a new version.");
  }

  /**
   * The backups to look in for one artifact: of the location, the date or the path that {@link
   * #from} names.
   */
  private List<Path> candidates(Policy policy) {
    if (isPath(from)) {
      Path p = Path.of(from).toAbsolutePath().normalize();
      if (Files.isRegularFile(p.resolve(BackupManifest.FILE), LinkOption.NOFOLLOW_LINKS)) {
        return List.of(p);
      }
      return new BackupLocation(p).backups();
    }
    BackupLocation at = new BackupLocation(locationOr(policy));
    if (LATEST.equals(from)) {
      return at.backups();
    }
    LocalDate day = date(from);
    return BackupsCommand.list(at, false).backups().stream()
        .filter(
            e ->
                e.createdAt() != null
                    && LocalDate.ofInstant(e.createdAt(), ZoneOffset.UTC).equals(day))
        .map(BackupsCommand.Entry::path)
        .toList();
  }

  private String searched(Policy policy) {
    try {
      return locationOr(policy).toString();
    } catch (RegistryException e) {
      return "the location";
    }
  }

  // ---- which backup ----

  /**
   * The backup {@link #from} names: at the location given, else at the location the registry's
   * policy names.
   */
  private Path chooseBackup() {
    if (isPath(from)) {
      Path p = Path.of(from).toAbsolutePath().normalize();
      if (Files.exists(p.resolve(BackupManifest.FILE), LinkOption.NOFOLLOW_LINKS)) {
        return p;
      }
      if (!Files.isDirectory(p)) {
        throw new InvalidInputException(
            Input.FROM,
            "There is no backup at "
                + p
                + ": nothing is there. Name latest, a date"
                + " (YYYY-MM-DD), or the path of a backup or of a backup location.");
      }
      return newest(new BackupLocation(p), null);
    }
    BackupLocation at = new BackupLocation(location != null ? location : locationFromRegistry());
    return newest(at, LATEST.equals(from) ? null : date(from));
  }

  private Path locationOr(Policy policy) {
    return BackupCommand.location(location, policy);
  }

  /**
   * The policy's backup location, from the registry if it can still be opened; refuses naming the
   * input otherwise.
   */
  private Path locationFromRegistry() {
    MissingInputException none =
        new MissingInputException(
            Input.OUTPUT,
            "No backup location given: name the directory that"
                + " holds the backups (the registry's policy names none, or the registry cannot be read), or the backup itself.");
    try {
      Policy policy = registry != null ? registry.policy() : openedPolicy();
      return policy.backups().location().orElseThrow(() -> none);
    } catch (MissingInputException e) {
      throw e;
    } catch (RegistryException e) {
      throw none;
    }
  }

  private Policy openedPolicy() {
    try (Registry r = Registry.open(url, options)) {
      return r.policy();
    }
  }

  private static Path newest(BackupLocation at, LocalDate day) {
    List<BackupsCommand.Entry> all = BackupsCommand.list(at, false).backups();
    List<BackupsCommand.Entry> fit =
        day == null
            ? all
            : all.stream()
                .filter(
                    e ->
                        e.createdAt() != null
                            && LocalDate.ofInstant(e.createdAt(), ZoneOffset.UTC).equals(day))
                .toList();
    if (fit.isEmpty()) {
      String dates =
          all.stream()
              .filter(e -> e.createdAt() != null)
              .map(e -> LocalDate.ofInstant(e.createdAt(), ZoneOffset.UTC).toString())
              .distinct()
              .reduce((a, b) -> a + ", " + b)
              .orElse("none");
      throw new InvalidInputException(
          Input.FROM,
          "There is no backup "
              + (day == null ? "" : "of " + day + " ")
              + "at "
              + at.dir()
              + (all.isEmpty() ? "." : "; dates there: " + dates + ".")
              + " Nothing was changed.");
    }
    return fit.get(fit.size() - 1).path();
  }

  private static boolean isPath(String from) {
    return !LATEST.equals(from) && !from.matches("\\d{4}-\\d{2}-\\d{2}");
  }

  private static LocalDate date(String from) {
    try {
      return LocalDate.parse(from);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          Input.FROM,
          Display.quote(from)
              + " is not a date: give one as YYYY-MM-DD (UTC), latest,"
              + " or the path of a backup.");
    }
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      BackupLocation.deleteTree(dir);
    } catch (IOException ignored) {
      // a hidden leftover beside the registry, named for what it is
    }
  }
}
