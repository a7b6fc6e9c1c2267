package dev.modelregistry.git;

import dev.modelregistry.git.errors.UnknownVersionException;
import dev.modelregistry.git.internal.Catalog;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Statuses;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.FailureMark;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import java.util.Optional;

/** Shows one version: metadata, artifact pointer, status, failure mark. */
public final class ShowCommand extends RegistryCommand<VersionInfo> {
  private String model;
  private String version;

  ShowCommand(Registry registry) {
    super(registry);
  }

  public ShowCommand model(String model) {
    this.model = model;
    return this;
  }

  public ShowCommand version(String version) {
    this.version = version;
    return this;
  }

  @Override
  VersionInfo run() {
    ModelName m = Registry.requireModel(model);
    ModelVersion v = Registry.requireVersion(version);
    try (Snapshot s = Snapshot.take(registry.context())) {
      Catalog catalog = s.catalog;
      if (!catalog.hasVersion(m, v)) {
        throw new UnknownVersionException(m, v, catalog.versions(m));
      }
      ArtifactPointer pointer = catalog.pointer(m, v);
      Optional<FailureMark> failure = catalog.failure(m, v);
      return new VersionInfo(
          m,
          v,
          Statuses.of(s, m).of(v, failure.isPresent()),
          catalog.metadata(m, v),
          pointer,
          failure,
          registry.storeFor(s.policy()).describe(pointer));
    }
  }
}
