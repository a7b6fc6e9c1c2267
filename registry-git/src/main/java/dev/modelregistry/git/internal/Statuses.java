package dev.modelregistry.git.internal;

import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.VersionStatus;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Derives the status of a model's versions (DESIGN.md: never stored twice): production is what the
 * production branch's record names now; archived is what it named at some earlier commit.
 */
public final class Statuses {
  private final Optional<ModelVersion> current;
  private final Set<ModelVersion> everInProduction;

  private Statuses(Optional<ModelVersion> current, Set<ModelVersion> ever) {
    this.current = current;
    this.everInProduction = ever;
  }

  /**
   * Reads the production branch's history for {@code model}, as {@code snapshot} verified it: a
   * status is a claim of the registry, so it comes from signed commits only, as every read of an
   * environment does (an unsigned commit on production is refused here too, naming it).
   */
  public static Statuses of(Snapshot snapshot, ModelName model) {
    return read(snapshot, model, true);
  }

  /**
   * The version production's record names now for {@code model}, read as {@link #of} reads it but
   * without the branch's history: what "what runs in production?" needs, at any size of registry.
   */
  public static Optional<ModelVersion> inProduction(Snapshot snapshot, ModelName model) {
    return read(snapshot, model, false).current;
  }

  /**
   * The status of one version, as {@link #of} would give it: production's record is read first (and
   * verified, as always), so that the live version, the one {@code show} is asked about most, costs
   * no walk of production's history; only archived and staged need it.
   */
  public static VersionStatus of(
      Snapshot snapshot, ModelName model, ModelVersion version, boolean failed) {
    Statuses now = read(snapshot, model, false);
    if (!failed && now.current.filter(version::equals).isPresent()) {
      return VersionStatus.PRODUCTION;
    }
    return failed ? VersionStatus.FAILED : of(snapshot, model).of(version, false);
  }

  private static Statuses read(Snapshot snapshot, ModelName model, boolean history) {
    RevCommit verifiedTip = snapshot.environment(Policy.PRODUCTION).tip();
    if (verifiedTip == null) {
      return new Statuses(Optional.empty(), Set.of());
    }
    ObjectId tip = verifiedTip.getId();
    String path = RegistryFormat.environmentRecord(Policy.PRODUCTION, model);
    try (ObjectReader reader = snapshot.registry.repository().newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit head = walk.parseCommit(tip);
      Optional<ModelVersion> now = versionAt(reader, head, path);
      if (!history) {
        return new Statuses(now, Set.of());
      }
      Set<ModelVersion> ever = new HashSet<>();
      walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
      walk.markStart(head);
      for (RevCommit c : walk) {
        Optional<ModelVersion> named = namedByTrailers(c, model);
        (named.isPresent() ? named : versionAt(reader, c, path)).ifPresent(ever::add);
      }
      return new Statuses(now, ever);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read the production branch: " + e.getMessage(), e);
    }
  }

  /**
   * The version a registry-written commit names in its trailers, which saves reading and parsing
   * its record (a second for 10k promotions). A commit without them (made by hand) is read instead.
   */
  private static Optional<ModelVersion> namedByTrailers(RevCommit c, ModelName model) {
    Trailers t = Trailers.of(c);
    if (!model.value().equals(t.get(Trailers.MODEL)) || t.get(Trailers.VERSION) == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ModelVersion.of(t.get(Trailers.VERSION)));
    } catch (dev.modelregistry.model.InvalidInputException e) {
      return Optional.empty();
    }
  }

  private static Optional<ModelVersion> versionAt(ObjectReader reader, RevCommit c, String path)
      throws IOException {
    try (TreeWalk w = TreeWalk.forPath(reader, path, c.getTree())) {
      if (w == null) {
        return Optional.empty();
      }
      byte[] bytes =
          reader
              .open(w.getObjectId(0), Constants.OBJ_BLOB)
              .getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES);
      return Optional.of(
          SafeMapper.read(bytes, EnvironmentRecord.class, path, false).modelVersion());
    }
  }

  public VersionStatus of(ModelVersion version, boolean failed) {
    if (failed) {
      return VersionStatus.FAILED;
    }
    if (current.isPresent() && current.get().equals(version)) {
      return VersionStatus.PRODUCTION;
    }
    return everInProduction.contains(version) ? VersionStatus.ARCHIVED : VersionStatus.STAGED;
  }
}
