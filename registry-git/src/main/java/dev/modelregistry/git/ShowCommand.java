package dev.modelregistry.git;

import dev.modelregistry.git.errors.UnknownVersionException;
import dev.modelregistry.git.internal.Catalog;
import dev.modelregistry.git.internal.Registrations;
import dev.modelregistry.git.internal.Removals;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Statuses;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.Collected;
import dev.modelregistry.model.FailureMark;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import java.util.Optional;

/**
 * Shows one version: metadata, artifact pointer, status, failure mark; for a version gc collected,
 * also when and by whom, with the metadata it was registered with.
 */
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
        return collected(s, m, v);
      }
      ArtifactPointer pointer = catalog.pointer(m, v);
      Optional<FailureMark> failure = catalog.failure(m, v);
      return new VersionInfo(
          m,
          v,
          Statuses.of(s, m, v, failure.isPresent()),
          catalog.metadata(m, v),
          pointer,
          failure,
          registry.storeFor(s.policy()).describe(pointer),
          Optional.empty());
    }
  }

  /** A version gc collected, as it was registered; unknown if it never was. */
  private VersionInfo collected(Snapshot s, ModelName m, ModelVersion v) {
    Optional<Collected> gone = Removals.of(s, m, v);
    Optional<Registrations.Registered> registered =
        gone.isPresent() ? s.registration(m, v) : Optional.empty();
    if (registered.isEmpty()) {
      throw new UnknownVersionException(m, v, s.catalog.versions(m));
    }
    ArtifactPointer pointer = s.pointer(registered.get());
    Optional<FailureMark> failure = Removals.failureBefore(s, gone.get(), m, v);
    return new VersionInfo(
        m,
        v,
        Statuses.of(s, m, v, failure.isPresent()),
        s.metadata(registered.get()),
        pointer,
        failure,
        registry.storeFor(s.policy()).describe(pointer),
        gone);
  }
}
