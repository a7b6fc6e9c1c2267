package dev.modelregistry.git;

import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.Policy;
import java.util.Optional;

/**
 * What an environment runs for one model now: one record on one branch, after verifying what is new
 * on that branch. Its cost does not grow with the number of versions or of promotions.
 */
public final class CurrentCommand
    extends RegistryCommand<java.util.Optional<dev.modelregistry.model.EnvironmentRecord>> {
  private String model;
  private String environment = Policy.PRODUCTION;

  CurrentCommand(Registry registry) {
    super(registry);
  }

  public CurrentCommand model(String model) {
    this.model = model;
    return this;
  }

  public CurrentCommand environment(String environment) {
    if (environment != null) {
      this.environment = environment;
    }
    return this;
  }

  /** The record, or empty if the model has never been in the environment. */
  @Override
  Optional<EnvironmentRecord> run() {
    ModelName m = Registry.requireModel(model);
    try (Snapshot s = Snapshot.take(registry.context())) {
      return s.environment(environment).current(m);
    }
  }
}
