package dev.modelregistry.git;

import dev.modelregistry.git.internal.Catalog;
import dev.modelregistry.git.internal.EnvironmentBranch;
import dev.modelregistry.git.internal.LastVerify;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.RefLockFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each environment runs, per model, and how many versions and artifacts the registry holds.
 */
public final class StatusCommand extends RegistryCommand<StatusCommand.Status> {

  StatusCommand(Registry registry) {
    super(registry);
  }

  /**
   * The answer.
   *
   * @param running environment -> records of the models it runs
   * @param lockFiles ref lock files in the repository: a stale one blocks changes of its branch
   */
  public record Status(
      Map<String, List<EnvironmentRecord>> running,
      int models,
      int versions,
      int artifacts,
      int failed,
      java.util.Optional<String> lastVerify,
      List<RefLockFile> lockFiles) {}

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
      return new Status(
          running,
          models.size(),
          versions,
          artifacts.size(),
          failed,
          LastVerify.read(registry.context()),
          registry.refLockFiles());
    }
  }
}
