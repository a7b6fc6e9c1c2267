package dev.modelregistry.git.errors;

import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryRefusedException;
import java.util.List;
import java.util.stream.Collectors;

/** The model or version asked for is not registered. The message lists what is. */
public class UnknownVersionException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  public UnknownVersionException(ModelName model, ModelVersion version, List<ModelVersion> known) {
    super(
        (known.isEmpty()
                ? "Model " + model + " has no registered versions"
                : model
                    + " "
                    + version
                    + " is not registered. Registered versions: "
                    + known.stream().map(ModelVersion::value).collect(Collectors.joining(", ")))
            + ". Check the model and version given, or register it first.");
  }

  /** For a subclass that says more precisely why the version is not there. */
  protected UnknownVersionException(String message) {
    super(message);
  }
}
