package dev.modelregistry.git;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.Collected;
import dev.modelregistry.model.FailureMark;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.VersionStatus;
import java.util.Optional;

/**
 * Everything {@code show} tells about one version. For a version {@code gc} collected, {@code
 * collected} says when and by whom, and the metadata and pointer are those it was registered with
 * (history keeps them); its artifact bytes may be gone from the store.
 */
public record VersionInfo(
    ModelName model,
    ModelVersion version,
    VersionStatus status,
    ModelMetadata metadata,
    ArtifactPointer pointer,
    Optional<FailureMark> failure,
    String artifactLocation,
    Optional<Collected> collected) {}
