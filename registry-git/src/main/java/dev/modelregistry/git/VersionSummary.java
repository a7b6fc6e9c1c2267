package dev.modelregistry.git;

import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Sha256;
import dev.modelregistry.model.VersionStatus;
import java.time.Instant;
import java.util.Map;

/** One row of {@code list}: a version with its status and metrics. */
public record VersionSummary(
    ModelName model,
    ModelVersion version,
    VersionStatus status,
    Map<String, Double> metrics,
    Instant createdAt,
    Sha256 sha256,
    long size) {}
