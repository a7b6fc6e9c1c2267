package dev.modelregistry.git;

import dev.modelregistry.git.internal.Catalog;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Statuses;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.VersionStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists a model's versions with status and metrics, newest first, or sorted by a metric (highest
 * first, as in the seeds' "compare model versions"); optionally only those with one status. Without
 * a model, lists every model's versions.
 */
public final class ListCommand extends RegistryCommand<java.util.List<VersionSummary>> {
  private String model;
  private VersionStatus status;
  private String sortBy;

  ListCommand(Registry registry) {
    super(registry);
  }

  /** The model to list; all models if not set. */
  public ListCommand model(String model) {
    this.model = model;
    return this;
  }

  /** Only versions with this status. */
  public ListCommand status(VersionStatus status) {
    this.status = status;
    return this;
  }

  /** Sort by this metric, highest first; versions without it come last. */
  public ListCommand sortBy(String metric) {
    this.sortBy = metric;
    return this;
  }

  @Override
  List<VersionSummary> run() {
    try (Snapshot snapshot = Snapshot.take(registry.context())) {
      Catalog catalog = snapshot.catalog;
      List<ModelName> models = model == null ? catalog.models() : List.of(ModelName.of(model));
      List<VersionSummary> rows = new ArrayList<>();
      for (ModelName m : models) {
        if (status == VersionStatus.PRODUCTION) {
          // what runs in production: the one version the record names, without production's
          // history or the status of every version (a fraction of a second at 5,000 versions)
          Statuses.inProduction(snapshot, m)
              .filter(v -> catalog.hasVersion(m, v) && catalog.failure(m, v).isEmpty())
              .ifPresent(v -> rows.add(summary(catalog, m, v, VersionStatus.PRODUCTION)));
          continue;
        }
        Statuses statuses = Statuses.of(snapshot, m);
        List<ModelVersion> versions = new ArrayList<>(catalog.versions(m));
        versions.sort(Comparator.reverseOrder());
        for (ModelVersion v : versions) {
          VersionStatus s = statuses.of(v, catalog.failure(m, v).isPresent());
          if (status != null && status != s) {
            continue; // its metadata is not read: "what runs in production" reads one version's,
            // not every one's
          }
          rows.add(summary(catalog, m, v, s));
        }
      }
      if (sortBy != null) {
        rows.sort(
            Comparator.comparing(
                (VersionSummary r) -> r.metrics().get(sortBy),
                Comparator.nullsLast(Comparator.reverseOrder())));
      }
      return rows;
    }
  }

  private static VersionSummary summary(
      Catalog catalog, ModelName m, ModelVersion v, VersionStatus s) {
    ModelMetadata meta = catalog.metadata(m, v);
    ArtifactPointer p = catalog.pointer(m, v);
    return new VersionSummary(m, v, s, meta.metrics(), meta.createdAt(), p.sha256(), p.size());
  }
}
