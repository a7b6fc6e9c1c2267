package dev.modelregistry.git;

import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.ModelMetadata;
import java.util.List;
import java.util.Optional;

/**
 * What an environment runs for one model, resolved for a process that is to load it: the verified
 * record, the metadata and pointer its registration wrote, and the store that holds the bytes. The
 * bytes themselves are not read: whoever loads them reads them through {@link
 * ArtifactStore#openVerified}.
 *
 * @param environment the environment read
 * @param commit the environment branch's commit the record was read at (40 hex digits)
 * @param record the environment's record for the model, on a branch whose signatures checked out
 * @param metadata the version's metadata as registered
 * @param pointer the version's artifact pointer as registered; its sha256 is the record's
 * @param store where the bytes are, as the policy in force says
 * @param datasets the dataset gate run against the dataset versions the caller gave; empty if none
 *     were given or the environment's gates do not check datasets
 * @param warnings what did not block but should be read (dataset drift in lenient mode)
 */
public record Deployment(
    String environment,
    String commit,
    EnvironmentRecord record,
    ModelMetadata metadata,
    ArtifactPointer pointer,
    ArtifactStore store,
    Optional<GateResult> datasets,
    List<String> warnings) {

  public Deployment {
    warnings = List.copyOf(warnings);
  }
}
