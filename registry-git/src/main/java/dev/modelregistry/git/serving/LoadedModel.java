package dev.modelregistry.git.serving;

import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Sha256;
import java.nio.file.Path;

/**
 * A model version the loader has verified and handed over: its file, whose size and sha256 were
 * checked against the registration's pointer just before the hand-over, with the metadata it was
 * registered with and the environment's record that made it live.
 *
 * @param model the model
 * @param version the version the environment's record names
 * @param environment the environment followed
 * @param sha256 the artifact's sha256, as registered and as checked
 * @param size the artifact's size in bytes
 * @param path the verified file in the loader's cache; read it, never write it (other loaders on
 *     the machine may share it)
 * @param metadata the version's metadata as registered (metrics, dataset versions, parameters)
 * @param record the environment's record: promoted at and by, reason, gates
 * @param commit the environment branch's commit the record was read at (40 hex digits), for logs
 */
public record LoadedModel(
    ModelName model,
    ModelVersion version,
    String environment,
    Sha256 sha256,
    long size,
    Path path,
    ModelMetadata metadata,
    EnvironmentRecord record,
    String commit) {

  /** One line for a log: model, version, abbreviated sha256, environment and commit. */
  public String describe() {
    return model
        + " "
        + version
        + " (sha256 "
        + sha256.abbreviated()
        + ", "
        + environment
        + " at "
        + commit.substring(0, Math.min(12, commit.length()))
        + ")";
  }
}
