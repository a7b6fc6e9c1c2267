package dev.modelregistry.git;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import java.nio.file.Path;

/**
 * The outcome of {@code register}.
 *
 * @param commit the commit on main that holds the version (the existing one for a retry)
 * @param alreadyRegistered true if an identical version was there and nothing was written
 * @param storedAt where the artifact's bytes are on this machine, null in a remote store (see
 *     {@link #where})
 * @param repairs what was repaired on the way, for people to read (a stale lock file that a killed
 *     writer left, removed)
 * @param registry the registry's location: its path, or its URL without credentials
 */
public record Registration(
    ModelName model,
    ModelVersion version,
    ModelMetadata metadata,
    ArtifactPointer pointer,
    String commit,
    boolean alreadyRegistered,
    Path storedAt,
    String registry,
    java.util.List<String> repairs) {
  /** Where the artifact's bytes are, for people: a path, or the remote store's URI. */
  public String where() {
    return storedAt != null ? storedAt.toString() : pointer.uri();
  }
}
