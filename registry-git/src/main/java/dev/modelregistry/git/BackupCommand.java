package dev.modelregistry.git;

import dev.modelregistry.git.internal.BackupCheck;
import dev.modelregistry.git.internal.BackupLocation;
import dev.modelregistry.git.internal.Bundles;
import dev.modelregistry.git.internal.ReferencedArtifacts;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.FileCopy;
import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.git.store.StoreRouter;
import dev.modelregistry.model.AtomicFile;
import dev.modelregistry.model.BackupManifest;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Writes a backup of the registry into a backup location ({@link #to}, else the policy's {@code
 * backups.path}): a Git bundle of every ref, every artifact a branch points to, and {@code
 * backup-manifest.json} with the sha256 of every file. An artifact already in an earlier backup at
 * the same location is a hard link to that file, not a copy, yet each backup directory restores on
 * its own. The backup is written under a hidden name, checked, and renamed into place only when
 * complete: a failure or a crash part-way leaves no backup that a listing or a restore would take.
 * With {@code backups.keep} in the policy, the oldest backups of this registry at the location are
 * removed after a new one is in place (only here: never by a restore).
 *
 * <p>A backup reads what the registry holds, trusted or not (an untrusted commit is backed up too,
 * and verify reports it after a restore as before). For a remote registry it reads the remote as
 * fetched now, and its shared store.
 */
public final class BackupCommand extends RegistryCommand<BackupCommand.Written> {
  private static final Duration LOCATION_LOCK_TIMEOUT = Duration.ofSeconds(60);

  private Path output;
  private Progress progress = (phase, done, total) -> {};

  /**
   * Told how far a long backup has come: phase {@code bundle}, {@code artifacts} (done of total),
   * {@code check}.
   */
  @FunctionalInterface
  public interface Progress {
    void at(String phase, long done, long total);
  }

  BackupCommand(Registry registry) {
    super(registry);
  }

  /**
   * The backup location: a directory of backups (created if absent). Default: the policy's {@code
   * backups.path}.
   */
  public BackupCommand to(Path location) {
    this.output = location;
    return this;
  }

  public BackupCommand progress(Progress progress) {
    this.progress = progress == null ? (phase, done, total) -> {} : progress;
    return this;
  }

  /**
   * The backup written.
   *
   * @param path the backup's directory
   * @param refs how many refs the bundle holds
   * @param artifacts how many artifacts the backup holds
   * @param copied how many of them were copied from the store
   * @param shared how many are hard links to the same file in an earlier backup at this location
   * @param artifactBytes the size of all its artifacts
   * @param copiedBytes the size of those copied
   * @param removed older backups removed under the policy's {@code backups.keep}
   * @param warnings what went wrong after the backup was in place (an old backup that could not be
   *     removed)
   */
  public record Written(
      Path path,
      Instant createdAt,
      String rootCommit,
      int refs,
      int artifacts,
      int copied,
      int shared,
      long artifactBytes,
      long copiedBytes,
      List<Path> removed,
      List<String> warnings,
      Duration took) {
    /** One line for people. */
    public String summary() {
      return "Backup "
          + path.getFileName()
          + " written to "
          + path.getParent()
          + ": "
          + refs
          + " refs, "
          + artifacts
          + " artifacts ("
          + copied
          + " copied, "
          + shared
          + " shared with earlier backups), "
          + dev.modelregistry.model.Text.bytes(artifactBytes)
          + "; checked.";
    }
  }

  @Override
  Written run() {
    long start = System.nanoTime();
    registry.refresh(); // a remote registry: back up what it holds now
    Instant now = registry.clock().instant();
    Policy policy;
    String root;
    Map<String, ObjectId> refs;
    ArtifactStore store;
    try (Snapshot s = Snapshot.take(registry.context())) {
      policy = s.policy();
      root = s.trustRoot().commit().name();
      refs = Bundles.refsToBackUp(registry.repository());
      store = registry.storeFor(policy);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read the refs of " + registry.location() + ": " + e.getMessage(), e);
    }
    BackupLocation location = new BackupLocation(location(output, policy));
    try (BackupLocation.Writing lock = location.lockForWriting(LOCATION_LOCK_TIMEOUT)) {
      Path incoming = location.newIncoming(now);
      try {
        Counts counts = write(incoming, refs, store, location, now, root);
        progress.at("check", 0, 1);
        BackupCheck.Outcome check =
            new BackupCheck().check(incoming, null, BackupCheck.Depth.WRITTEN);
        if (!check.ok()) {
          throw new RegistryUnavailableException(
              "The backup just written to "
                  + incoming
                  + " does not check: "
                  + check.summary()
                  + ". Nothing was kept; check the backup location's disk.");
        }
        progress.at("check", 1, 1);
        Path published = location.publish(incoming, now);
        incoming = null;
        List<Path> removed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
          retire(location, policy, root, published, removed);
        } catch (RegistryException e) {
          warnings.add(
              e.getMessage()); // the backup is in place: an old one left over is for the next run
        }
        return new Written(
            published,
            now,
            root,
            refs.size(),
            counts.artifacts,
            counts.copied,
            counts.shared,
            counts.bytes,
            counts.copiedBytes,
            removed,
            warnings,
            Duration.ofNanos(System.nanoTime() - start));
      } finally {
        if (incoming != null) {
          try {
            BackupLocation.deleteTree(
                incoming); // all or nothing: a failed backup leaves no part behind
          } catch (IOException ignored) {
            // hidden, and removed by the next backup here
          }
        }
      }
    }
  }

  /** The location given, else the policy's; refuses when neither names one. */
  static Path location(Path given, Policy policy) {
    if (given != null) {
      return given;
    }
    return policy
        .backups()
        .location()
        .orElseThrow(
            () ->
                new MissingInputException(
                    Input.OUTPUT,
                    "No backup location given:"
                        + " name the directory that holds the backups, or set backups.path in registry.yaml (branch main)."));
  }

  private record Counts(int artifacts, int copied, int shared, long bytes, long copiedBytes) {}

  private Counts write(
      Path dir,
      Map<String, ObjectId> refs,
      ArtifactStore store,
      BackupLocation location,
      Instant now,
      String root) {
    try {
      progress.at("bundle", 0, 1);
      FileCopy.Hashed bundle =
          Bundles.write(registry.repository(), refs, dir.resolve(BackupManifest.BUNDLE));
      progress.at("bundle", 1, 1);
      ReferencedArtifacts.Found found = ReferencedArtifacts.of(registry.repository(), refs);
      Map<Sha256, Path> earlier = earlierCopies(location);
      List<BackupManifest.FileEntry> files = new ArrayList<>();
      files.add(
          new BackupManifest.FileEntry(BackupManifest.BUNDLE, bundle.sha256(), bundle.size()));
      int copied = 0;
      int shared = 0;
      long bytes = 0;
      long copiedBytes = 0;
      int done = 0;
      int total = found.artifacts().size();
      progress.at("artifacts", 0, total);
      for (ReferencedArtifacts.Artifact a : found.artifacts().values()) {
        Sha256 sha = a.pointer().sha256();
        Path target = dir.resolve(BackupManifest.artifactPath(sha));
        Files.createDirectories(target.getParent());
        if (link(earlier.get(sha), target, a.pointer().size())) {
          shared++;
        } else {
          copy(store, a, target);
          copied++;
          copiedBytes += a.pointer().size();
        }
        bytes += a.pointer().size();
        files.add(
            new BackupManifest.FileEntry(
                BackupManifest.artifactPath(sha), sha, a.pointer().size()));
        progress.at("artifacts", ++done, total);
      }
      List<BackupManifest.Ref> refEntries = new ArrayList<>();
      refs.forEach(
          (name, id) ->
              refEntries.add(
                  new BackupManifest.Ref(
                      name, id.name(), found.perRef().get(name).size(), found.bytes(name))));
      BackupManifest manifest =
          new BackupManifest(
              BackupManifest.FORMAT,
              BackupManifest.FORMAT_VERSION,
              now,
              registry.location(),
              root,
              refEntries,
              files.size() - 1,
              bytes,
              files);
      String json = SafeMapper.writeJson(manifest);
      AtomicFile.writeString(dir.resolve(BackupManifest.FILE), json);
      AtomicFile.writeString(
          dir.resolve(BackupManifest.CHECKSUM_FILE),
          Hashing.sha256Hex(json.getBytes(StandardCharsets.UTF_8))
              + "  "
              + BackupManifest.FILE
              + "\n");
      return new Counts(files.size() - 1, copied, shared, bytes, copiedBytes);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot write the backup into "
              + dir
              + ": "
              + e.getMessage()
              + ". Nothing was kept; check that the backup location is writable and has space.",
          e);
    }
  }

  /**
   * Where each artifact already is in an earlier backup at this location, newest backup first: only
   * backups whose manifest is intact, and only files it lists with that sha256.
   */
  private static Map<Sha256, Path> earlierCopies(BackupLocation location) {
    Map<Sha256, Path> out = new HashMap<>();
    List<Path> backups = new ArrayList<>(location.backups());
    java.util.Collections.reverse(backups);
    for (Path b : backups) {
      BackupManifest m = BackupCheck.readManifest(b, new ArrayList<>());
      if (m != null) {
        m.artifactFiles().forEach(f -> out.putIfAbsent(f.sha256(), b.resolve(f.path())));
      }
    }
    return out;
  }

  /**
   * Hard-links {@code target} to an earlier backup's copy, if there is one of the right size (a
   * regular file: a link is never followed). False when there is none, or the file system makes no
   * hard links: then the caller copies. Its bytes are trusted by that backup's manifest, not read
   * again: what keeps a backup after one new version costing that version, not the whole registry;
   * {@code backups} reads every file in full.
   */
  private static boolean link(Path earlier, Path target, long size) {
    if (earlier == null) {
      return false;
    }
    try {
      var a =
          Files.readAttributes(
              earlier,
              java.nio.file.attribute.BasicFileAttributes.class,
              LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile() || a.size() != size) {
        return false;
      }
      Files.createLink(target, earlier);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /**
   * Copies the artifact from the store into the backup, checked against its pointer while it
   * streams.
   */
  private static void copy(ArtifactStore store, ReferencedArtifacts.Artifact a, Path target)
      throws IOException {
    try {
      ArtifactStore holder =
          store instanceof StoreRouter router ? router.forPointer(a.pointer()) : store;
      if (holder instanceof LocalArtifactStore local) {
        FileCopy.Hashed h =
            FileCopy.copy(
                local.pathOf(a.pointer().sha256()), target, ArtifactStore.CopyProgress.NONE);
        if (h.size() != a.pointer().size() || !h.sha256().equals(a.pointer().sha256())) {
          throw new dev.modelregistry.git.errors.ChecksumMismatchException(
              a.pointer(), h.sha256(), h.size(), store.describe(a.pointer()));
        }
        target.toFile().setReadOnly();
        return;
      }
      try (InputStream in = store.openVerified(a.pointer());
          FileChannel ch =
              FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
          OutputStream out = Channels.newOutputStream(ch)) {
        in.transferTo(out); // the stream throws at its end if a byte did not match
        ch.force(true);
      }
      target.toFile().setReadOnly();
    } catch (java.nio.file.NoSuchFileException e) {
      throw refused(
          a, "is missing from the store (expected at " + store.describe(a.pointer()) + ")", e);
    } catch (RegistryException e) {
      throw refused(
          a, "cannot be read from the store: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static RegistryRefusedException refused(
      ReferencedArtifacts.Artifact a, String what, Exception cause) {
    return new RegistryRefusedException(
        "Backup refused: the artifact of "
            + String.join(", ", a.versions())
            + " (sha256 "
            + a.pointer().sha256().hex()
            + ") "
            + what
            + ", and no earlier backup at this location holds it. Nothing was kept."
            + " Put the artifact back first (validate names the fix for each version), or mark the version failed and register"
            + " the model again; then back up.",
        cause);
  }

  /**
   * Removes the oldest backups of this registry (the same root commit) at the location beyond the
   * policy's {@code backups.keep}, never {@code kept}, the one just written. Backups of other
   * registries and directories that are not intact backups are left alone.
   */
  private static void retire(
      BackupLocation location, Policy policy, String root, Path kept, List<Path> removed) {
    if (policy.backups().kept().isEmpty()) {
      return;
    }
    int keep = policy.backups().kept().getAsInt();
    List<Path> ours = new ArrayList<>();
    for (Path b : location.backups()) {
      BackupManifest m = BackupCheck.readManifest(b, new ArrayList<>());
      if (m != null && m.rootCommit().equals(root)) {
        ours.add(b);
      }
    }
    for (int i = 0; i < ours.size() - keep; i++) {
      if (!ours.get(i).equals(kept)) {
        location.remove(ours.get(i));
        removed.add(ours.get(i));
      }
    }
  }
}
