package dev.modelregistry.maven;

import dev.modelregistry.git.ListCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.VersionSummary;
import dev.modelregistry.model.VersionStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Lists versions with status and metrics, as a table: newest first, or by a metric. */
@Mojo(name = "list", requiresProject = false, threadSafe = true)
public class ListMojo extends AbstractRegistryMojo {
  private static final int MAX_METRIC_COLUMNS = 6;

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
        getLog().info("No versions" + (model == null ? "" : " of " + model) + (status == null ? "" : " with status " + status)
            + " in " + registry.directory() + ".");
        return;
      }
      table(rows).forEach(getLog()::info);
      getLog().info(rows.size() + " version(s) in " + registry.directory());
    }
  }

  static List<String> table(List<VersionSummary> rows) {
    Set<String> metrics = new LinkedHashSet<>(List.of("ic", "sharpe"));
    rows.forEach(r -> metrics.addAll(r.metrics().keySet()));
    List<String> shown = metrics.stream()
        .filter(m -> rows.stream().anyMatch(r -> r.metrics().containsKey(m)))
        .limit(MAX_METRIC_COLUMNS).toList();
    List<List<String>> cells = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("MODEL", "VERSION", "STATUS"));
    shown.forEach(m -> header.add(m.toUpperCase(java.util.Locale.ROOT)));
    header.addAll(List.of("CREATED", "SIZE", "SHA256"));
    cells.add(header);
    for (VersionSummary r : rows) {
      List<String> row = new ArrayList<>(List.of(r.model().value(), r.version().value(), r.status().label()));
      shown.forEach(m -> row.add(Format.number(r.metrics().get(m))));
      row.add(r.createdAt() == null ? "-" : r.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      row.add(Format.bytes(r.size()));
      row.add(r.sha256().abbreviated());
      cells.add(row);
    }
    return Format.table(cells);
  }
}
