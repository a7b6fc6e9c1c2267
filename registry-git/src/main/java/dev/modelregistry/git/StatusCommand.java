package dev.modelregistry.git;

import dev.modelregistry.git.internal.Catalog;
import dev.modelregistry.git.internal.EnvironmentBranch;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.RefLockFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each environment runs, per model, how many versions and artifacts the registry holds, and
 * its health: the newest backup of this registry at the backup location (read from there and
 * checked) and the last verify on this machine, each with the branches that changed since. The
 * seeds' daily checklist in one answer.
 */
public final class StatusCommand extends RegistryCommand<StatusCommand.Status> {
  private Path backups;

  StatusCommand(Registry registry) {
    super(registry);
  }

  /** The backup location to look in. Default: the policy's {@code backups.path}, if set. */
  public StatusCommand backupsAt(Path location) {
    this.backups = location;
    return this;
  }

  /**
   * The answer.
   *
   * @param running environment -> records of the models it runs
   * @param backupLocation where backups were looked for; empty if none is given or set
   * @param lastBackup the newest backup of this registry there, if any
   * @param lastVerify the last verify on this machine, if it ran here
   * @param lockFiles ref lock files in the repository: a stale one blocks changes of its branch
   * @param warnings what an on-call engineer should act on: no or old backup, a damaged one, no or
   *     old or failed verify
   */
  public record Status(
      Map<String, List<EnvironmentRecord>> running,
      int models,
      int versions,
      int artifacts,
      int failed,
      Optional<Path> backupLocation,
      Optional<Backup> lastBackup,
      Optional<Verify> lastVerify,
      List<RefLockFile> lockFiles,
      List<String> warnings) {}

  /**
   * The newest backup of this registry at the backup location.
   *
   * @param intact its manifest, every file's presence and size and the bundle's refs check out (a
   *     quick check: the backups listing reads every file in full)
   * @param problems what is wrong with it, each naming the file; empty if intact
   * @param changedSince the branches of the registry that differ from the backup's
   */
  public record Backup(
      Path path,
      Instant createdAt,
      int refs,
      int artifacts,
      long bytes,
      boolean intact,
      List<String> problems,
      List<String> changedSince) {}

  /**
   * The last verify on this machine.
   *
   * @param changedSince the branches that differ from what it saw; empty if it is not known (a note
   *     written by an older version)
   */
  public record Verify(
      Instant at, boolean clean, String summary, Optional<List<String>> changedSince) {}

  @Override
  Status run() {
    try (Snapshot s = Snapshot.take(registry.context())) {
      List<ModelName> models = s.catalog.models();
      int versions = 0;
      int failed = 0;
      Set<String> artifacts = new HashSet<>();
      for (ModelName m : models) {
        Catalog.Census census = s.catalog.census(m);
        versions += census.versions();
        artifacts.addAll(census.artifacts());
        failed += census.failed();
      }
      Map<String, List<EnvironmentRecord>> running = new LinkedHashMap<>();
      for (String env : s.policy().environments().keySet()) {
        EnvironmentBranch branch = s.environment(env);
        List<EnvironmentRecord> records = new ArrayList<>();
        for (ModelName m : models) {
          branch.current(m).ifPresent(records::add);
        }
        running.put(env, records);
      }
      Path location = backups != null ? backups : s.policy().backups().location().orElse(null);
      StatusHealth health = new StatusHealth(registry, location);
      return new Status(
          running,
          models.size(),
          versions,
          artifacts.size(),
          failed,
          Optional.ofNullable(location),
          health.lastBackup(),
          health.lastVerify(),
          registry.refLockFiles(),
          health.warnings());
    }
  }
}
