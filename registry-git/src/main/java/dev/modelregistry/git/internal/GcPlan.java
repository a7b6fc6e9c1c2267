package dev.modelregistry.git.internal;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.FailureMark;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RetentionPolicy;
import dev.modelregistry.model.Sha256;
import dev.modelregistry.model.VersionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What {@code gc} would remove from one snapshot under the retention policy in force, and why
 * nothing else: a version is a candidate only if none of the rules keeps it.
 *
 * <ul>
 *   <li>an environment runs it, a rollback of an environment could return to it (the last {@code
 *       keep_last} of each stack), or a promotion of it waits for review;
 *   <li>it is one of the newest {@code keep_last} versions of its model;
 *   <li>it is younger than the window of its status: staged and archived versions count from their
 *       registration, failed ones from their failure mark, and every version from the moment it was
 *       last live in an environment, so one promoted within the window stays.
 * </ul>
 *
 * <p>Reads each model's tree once and the pointers of the candidates only, so a dry run at 10,000
 * versions costs a walk of the trees and of the environments' histories.
 */
public final class GcPlan {
  /** A version the policy lets go, with the instant its window counts from. */
  public record Candidate(
      ModelName model,
      ModelVersion version,
      VersionStatus status,
      Instant registeredAt,
      Instant since,
      ArtifactPointer pointer) {}

  /**
   * @param candidates oldest model and version first
   * @param reclaimable the artifacts only candidates point to, as far as the branches read say
   * @param tips every environment and promotion branch read, at the commit read (zero id: absent)
   */
  public record Plan(
      RetentionPolicy retention,
      Instant at,
      List<Candidate> candidates,
      Map<Sha256, Long> reclaimable,
      Map<String, ObjectId> tips) {}

  private GcPlan() {}

  /** The plan for {@code s} as of {@code now}. */
  public static Plan of(Snapshot s, Instant now) {
    RetentionPolicy retention = s.policy().retention();
    Map<String, ObjectId> tips = EnvironmentTips.now(s); // before reading them: a move is seen
    List<Candidate> candidates = new ArrayList<>();
    Set<String> kept = new HashSet<>(); // sha256 hex of every version that stays on main
    for (ModelName m : s.catalog.models()) {
      Map<ModelVersion, Registrations.Files> files = s.catalog.files(m);
      List<ModelVersion> versions = new ArrayList<>(files.keySet());
      versions.sort(null);
      Set<ModelVersion> newest =
          new HashSet<>(
              versions.subList(
                  Math.max(0, versions.size() - retention.keepLast()), versions.size()));
      Statuses statuses = Statuses.of(s, m);
      EnvironmentUse use = EnvironmentUse.of(s, m, retention.keepLast(), now);
      for (ModelVersion v : versions) {
        Registrations.Files f = files.get(v);
        Candidate c =
            newest.contains(v) || use.protects(v).isPresent()
                ? null
                : judge(s, m, v, f, statuses.of(v, f.failed() != null), use, retention, now);
        if (c != null) {
          candidates.add(c);
        } else if (f.checksum() != null) {
          kept.add(s.catalog.checksumHex(f.checksum()));
        }
      }
    }
    return new Plan(retention, now, candidates, reclaimable(s, candidates, kept, tips), tips);
  }

  /** The candidate {@code v} is, or null if its window has not passed. */
  private static Candidate judge(
      Snapshot s,
      ModelName m,
      ModelVersion v,
      Registrations.Files f,
      VersionStatus status,
      EnvironmentUse use,
      RetentionPolicy retention,
      Instant now) {
    MainHistory.Entry registration = s.trustHistory().registration(m.value() + "/" + v.value());
    if (status == VersionStatus.PRODUCTION || registration == null || f.artifact() == null) {
      return null; // live, or a directory that is not a whole registration: verify's to report
    }
    Instant registered = commitTime(s, registration.commit());
    Instant since = registered;
    if (f.failed() != null) {
      FailureMark mark =
          s.catalog.parse(
              f.failed(),
              FailureMark.class,
              RegistryFormat.versionFile(m, v, RegistryFormat.FAILED_FILE));
      since = later(since, mark.at());
    }
    since = later(since, use.lastLive(v).orElse(since));
    if (!since.isBefore(now.minus(retention.window(status)))) {
      return null;
    }
    ArtifactPointer p =
        s.catalog.parse(
            f.artifact(),
            ArtifactPointer.class,
            RegistryFormat.versionFile(m, v, RegistryFormat.ARTIFACT_FILE));
    return new Candidate(m, v, status, registered, since, p);
  }

  /**
   * The candidates' artifacts that no version staying on main and no record of an environment or
   * promotion branch names: what the store would give back.
   */
  private static Map<Sha256, Long> reclaimable(
      Snapshot s, List<Candidate> candidates, Set<String> kept, Map<String, ObjectId> tips) {
    Set<Sha256> recorded = new HashSet<>();
    Map<String, ObjectId> branches = new HashMap<>(tips);
    branches.values().removeIf(ObjectId.zeroId()::equals);
    try {
      recorded.addAll(ReferencedArtifacts.of(s.registry.repository(), branches).named());
    } catch (java.io.IOException e) {
      throw new dev.modelregistry.model.RegistryUnavailableException(
          "Cannot read the environment branches: " + e.getMessage(), e);
    }
    Map<Sha256, Long> out = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      Sha256 sha = c.pointer().sha256();
      if (!kept.contains(sha.hex()) && !recorded.contains(sha)) {
        out.put(sha, c.pointer().size());
      }
    }
    return out;
  }

  private static Instant commitTime(Snapshot s, ObjectId commit) {
    try {
      return Instant.ofEpochSecond(s.walk.parseCommit(commit).getCommitTime());
    } catch (java.io.IOException e) {
      throw new dev.modelregistry.model.RegistryUnavailableException(
          "Cannot read commit " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  private static Instant later(Instant a, Instant b) {
    return b != null && b.isAfter(a) ? b : a;
  }
}
