package dev.modelregistry.git;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.FailureMark;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.VersionStatus;
import java.util.Optional;

/** Everything {@code show} tells about one version. */
public record VersionInfo(
    ModelName model,
    ModelVersion version,
    VersionStatus status,
    ModelMetadata metadata,
    ArtifactPointer pointer,
    Optional<FailureMark> failure,
    String artifactLocation) {}
