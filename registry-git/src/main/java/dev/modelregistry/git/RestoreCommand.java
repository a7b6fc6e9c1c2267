package dev.modelregistry.git;

import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.Sha256;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

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
 *
 * <p>This class holds the request and the answer; the work is done by {@link BackupChoice} (which
 * backup), {@link CheckedBackup} (refused unless it verifies), {@link WholeRegistryRestore} with
 * {@link RegistrySwap} (the registry), and {@link OneArtifactRestore} (one version's bytes).
 */
public final class RestoreCommand extends RegistryCommand<RestoreCommand.Restored> {
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
              + (restoredTo == null ? "its store" : restoredTo)
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
            + (restoredTo == null ? "its store" : restoredTo)
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
    BackupChoice choice = new BackupChoice(from, location, this::policyOfRegistry);
    if (model != null || version != null) {
      ModelName m = Registry.requireModel(model);
      ModelVersion v = Registry.requireVersion(version);
      if (registry != null) {
        return new OneArtifactRestore(registry, choice, force).restore(m, v);
      }
      try (Registry r = Registry.open(url, options)) {
        return new OneArtifactRestore(r, choice, force).restore(m, v);
      }
    }
    return new WholeRegistryRestore(url, options, into, force, progress, choice).restore();
  }

  /** The policy of the registry restored, for its backup location: it may be gone (this throws). */
  private Policy policyOfRegistry() {
    if (registry != null) {
      return registry.policy();
    }
    try (Registry r = Registry.open(url, options)) {
      return r.policy();
    }
  }
}
