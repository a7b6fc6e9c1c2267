package dev.modelregistry.maven;

import dev.modelregistry.git.ListCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.VersionSummary;
import dev.modelregistry.model.VersionStatus;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Lists versions with status and metrics, as a table: newest first, or by a metric. */
@Mojo(name = "list", requiresProject = false, threadSafe = true)
public class ListMojo extends AbstractRegistryMojo {

  /** The model; every model if not set. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** Only versions with this status: staged, production, archived or failed. */
  @Parameter(property = RegistryProperties.STATUS)
  String status;

  /** Sort by this metric, highest first (for example sharpe). */
  @Parameter(property = RegistryProperties.SORT)
  String sort;

  /** The rows of the last run, for tests. */
  List<VersionSummary> rows = List.of();

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      ListCommand list = registry.list().model(modelOrProject(model)).sortBy(sort);
      if (status != null && !status.isBlank()) {
        list.status(VersionStatus.parse(status));
      }
      rows = list.call();
      if (printJson(java.util.Map.of("versions", rows))) {
        return;
      }
      if (rows.isEmpty()) {
        getLog()
            .info(
                "No versions"
                    + (model == null ? "" : " of " + model)
                    + (status == null ? "" : " with status " + status)
                    + " in "
                    + registry.directory()
                    + ".");
        return;
      }
      dev.modelregistry.git.text.AnswerText.versions(rows).forEach(getLog()::info);
      getLog().info(rows.size() + " version(s) in " + registry.directory());
    }
  }
}
