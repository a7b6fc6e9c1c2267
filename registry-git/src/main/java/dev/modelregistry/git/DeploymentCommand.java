package dev.modelregistry.git;

import dev.modelregistry.git.internal.EnvironmentBranch;
import dev.modelregistry.git.internal.GateCheck;
import dev.modelregistry.git.internal.Registrations;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves what an environment runs for one model into what a serving process needs to load it (see
 * {@link Deployment}): the record, read after verifying what is new on the environment's branch (as
 * {@link CurrentCommand} does), the registration's metadata and pointer, judged as a pull judges
 * them, and the store. With dataset versions given, the environment's dataset gate is run against
 * them as a promotion runs it: strict mode fails it on drift, lenient mode warns.
 */
public final class DeploymentCommand extends RegistryCommand<Optional<Deployment>> {
  private String model;
  private String environment = Policy.PRODUCTION;
  private Map<String, String> datasetVersions = Map.of();
  private Boolean strictDatasets;

  DeploymentCommand(Registry registry) {
    super(registry);
  }

  public DeploymentCommand model(String model) {
    this.model = model;
    return this;
  }

  public DeploymentCommand environment(String environment) {
    if (environment != null) {
      this.environment = environment;
    }
    return this;
  }

  /** The dataset versions the caller reads now, for the dataset gate; none: not checked. */
  public DeploymentCommand datasetVersions(Map<String, String> inForce) {
    this.datasetVersions = inForce == null ? Map.of() : Map.copyOf(inForce);
    return this;
  }

  /** Block (true) or only warn (false) on dataset drift; default: as the registry was opened. */
  public DeploymentCommand strictDatasets(Boolean strict) {
    this.strictDatasets = strict;
    return this;
  }

  /** The deployment, or empty if the model has never been in the environment. */
  @Override
  Optional<Deployment> run() {
    ModelName m = Registry.requireModel(model);
    try (Snapshot s = Snapshot.take(registry.context())) {
      EnvironmentBranch branch = s.environment(environment);
      Optional<EnvironmentRecord> found = branch.current(m);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      EnvironmentRecord now = found.get();
      ModelVersion v = now.modelVersion();
      Registrations.Registered registered =
          s.registered(m, v, "Loading " + m + " " + v + " from " + environment);
      ArtifactPointer pointer = s.pointerOfRecord(registered, now, environment, "Nothing loaded");
      ModelMetadata metadata = s.metadata(registered);
      List<String> warnings = new ArrayList<>();
      Optional<GateResult> datasets = Optional.empty();
      if (!datasetVersions.isEmpty()
          && s.policy().environment(environment).gates().datasetCompatibility()) {
        boolean strict =
            strictDatasets != null ? strictDatasets : registry.options().strictDatasets();
        datasets = Optional.of(GateCheck.datasets(metadata, datasetVersions, strict, warnings));
      }
      return Optional.of(
          new Deployment(
              environment,
              branch.tip().name(),
              now,
              metadata,
              pointer,
              registry.storeFor(s.policy()),
              datasets,
              warnings));
    }
  }
}
