package dev.modelregistry.git;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import java.time.Duration;

/** A version whose artifact was read in full and matched its pointer. */
public record ValidationResult(
    ModelName model,
    ModelVersion version,
    ArtifactPointer pointer,
    String location,
    Duration took) {}
