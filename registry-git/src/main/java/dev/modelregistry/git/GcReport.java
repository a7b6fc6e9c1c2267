package dev.modelregistry.git;

import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RetentionPolicy;
import dev.modelregistry.model.Sha256;
import dev.modelregistry.model.VersionStatus;
import java.time.Instant;
import java.util.List;

/**
 * What {@link GcCommand} found and did: the policy it applied and when, each version it removed
 * (or, in a dry run, would remove), the space that gives back, and for a forced run the commit on
 * main and what the store deleted.
 *
 * @param reclaimable the bytes of the artifacts that only the candidates point to
 * @param reclaimableArtifacts how many such artifacts
 * @param commit the collection's commit on main; null for a dry run or when nothing was due
 * @param deletedArtifacts how many artifacts a forced run deleted from the store
 * @param deletedBytes their size
 * @param inUse artifacts left in the store because a writer used them within the last day (the next
 *     gc deletes them if they are still unused)
 * @param repairs what the registry lock repaired on the way (stale lock files of killed writers)
 */
public record GcReport(
    boolean dryRun,
    RetentionPolicy retention,
    Instant at,
    List<Candidate> candidates,
    long reclaimable,
    int reclaimableArtifacts,
    String commit,
    int deletedArtifacts,
    long deletedBytes,
    int inUse,
    List<String> repairs) {

  /**
   * A version the policy lets go.
   *
   * @param ageDays whole days since it was registered
   * @param idleDays whole days since its window began: its registration, its failure mark, or the
   *     last time it was live in an environment, whichever is latest
   * @param bytes the size of its artifact
   */
  public record Candidate(
      ModelName model,
      ModelVersion version,
      VersionStatus status,
      Instant registeredAt,
      long ageDays,
      long idleDays,
      long bytes,
      Sha256 sha256) {}
}
