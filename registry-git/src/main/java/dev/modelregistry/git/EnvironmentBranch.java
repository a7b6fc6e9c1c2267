package dev.modelregistry.git;

import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * An environment branch ({@code production}, {@code paper}...) after verification: every commit on
 * it was signed by a key trusted at that commit and says honestly what it changed, or this object
 * is never made ({@link TrustVerifier} throws). Answers what the environment runs, and ran.
 */
final class EnvironmentBranch implements AutoCloseable {
  private final String environment;
  private final ObjectReader reader;
  private final RevWalk walk;
  private final RevCommit tip;
  private final VerifiedCache cache;

  EnvironmentBranch(String environment, ObjectReader reader, RevCommit tip, VerifiedCache cache) {
    this.environment = environment;
    this.reader = reader;
    this.walk = new RevWalk(reader);
    this.tip = tip;
    this.cache = cache;
  }

  String environment() {
    return environment;
  }

  /** The branch's tip, or null if nothing was ever promoted to this environment. */
  RevCommit tip() {
    return tip;
  }

  /** The record for {@code model} now. */
  Optional<EnvironmentRecord> current(ModelName model) {
    return tip == null ? Optional.empty() : recordAt(model, tip);
  }

  /** The record for {@code model} at {@code commit}. */
  Optional<EnvironmentRecord> recordAt(ModelName model, RevCommit commit) {
    return bytesAt(model, commit).map(b -> parse(model, b));
  }

  Optional<byte[]> bytesAt(ModelName model, RevCommit commit) {
    String path = RegistryFormat.environmentRecord(environment, model);
    try (TreeWalk w = TreeWalk.forPath(reader, path, walk.parseCommit(commit).getTree())) {
      if (w == null) {
        return Optional.empty();
      }
      return Optional.of(reader.open(w.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES));
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + path + " at " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  private EnvironmentRecord parse(ModelName model, byte[] bytes) {
    return SafeMapper.read(bytes, EnvironmentRecord.class, RegistryFormat.environmentRecord(environment, model), false);
  }

  /** Every change of {@code model} in this environment, newest first. */
  List<HistoryEntry> history(ModelName model) {
    List<HistoryEntry> out = new ArrayList<>();
    if (tip == null) {
      return out;
    }
    try (RevWalk w = new RevWalk(reader)) {
      w.setTreeFilter(AndTreeFilter.create(PathFilter.create(RegistryFormat.environmentRecord(environment, model)), TreeFilter.ANY_DIFF));
      w.markStart(w.parseCommit(tip));
      for (RevCommit c : w) {
        out.add(entry(model, c));
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch " + environment + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * The change of {@code model} in force at {@code instant}: the last one committed at or before it.
   * Commits after the instant are passed over without reading their records.
   */
  Optional<HistoryEntry> at(ModelName model, Instant instant) {
    if (tip == null) {
      return Optional.empty();
    }
    try (RevWalk w = new RevWalk(reader)) {
      w.setTreeFilter(AndTreeFilter.create(PathFilter.create(RegistryFormat.environmentRecord(environment, model)), TreeFilter.ANY_DIFF));
      w.markStart(w.parseCommit(tip));
      for (RevCommit c : w) {
        if (!c.getCommitterIdent().getWhenAsInstant().isAfter(instant)) {
          HistoryEntry e = entry(model, c);
          return e.record() == null ? Optional.empty() : Optional.of(e);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch " + environment + ": " + e.getMessage(), e);
    }
  }

  /**
   * The commit that brought the current version of {@code model} in: the top of the promotion
   * stack. Promotions (and rollbacks to a named version) push; a rollback down the stack reverts
   * the top, so the one below it is found by continuing from before the reverted promotion.
   */
  Optional<RevCommit> promotionOnTop(ModelName model) {
    if (tip == null) {
      return Optional.empty();
    }
    String path = RegistryFormat.environmentRecord(environment, model);
    try {
      RevCommit from = walk.parseCommit(tip);
      while (true) {
        RevCommit touching = lastTouching(path, from);
        if (touching == null) {
          return Optional.empty();
        }
        String reverts = Trailers.of(touching).get(Trailers.REVERTS);
        if (reverts == null) {
          return Optional.of(touching);
        }
        RevCommit reverted = walk.parseCommit(ObjectId.fromString(reverts));
        if (reverted.getParentCount() == 0) {
          return Optional.empty();
        }
        from = walk.parseCommit(reverted.getParent(0));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryUnavailableException("Cannot read branch " + environment + ": " + e.getMessage(), e);
    }
  }

  /** The newest commit at or before {@code from} that changed {@code path}. */
  private RevCommit lastTouching(String path, RevCommit from) throws IOException {
    try (RevWalk w = new RevWalk(reader)) {
      w.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
      w.markStart(w.parseCommit(from));
      RevCommit c = w.next();
      return c == null ? null : walk.parseCommit(c);
    }
  }

  RevCommit parent(RevCommit c) throws IOException {
    return c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
  }

  HistoryEntry entry(ModelName model, RevCommit c) {
    Trailers t = Trailers.of(c);
    VerifiedCache.Entry v = cache.get(c.name());
    return new HistoryEntry(
        c.name(),
        c.getCommitterIdent().getWhenAsInstant(),
        t.get(Trailers.ACTION),
        v == null ? c.getCommitterIdent().getEmailAddress() : v.principal(),
        t.get(Trailers.REASON),
        recordAt(model, c).orElse(null),
        t.get(Trailers.REVERTS));
  }

  /** The version {@code model} has here now, refusing if there is none. */
  ModelVersion requireCurrent(ModelName model) {
    return current(model)
        .orElseThrow(() -> new RegistryRefusedException(model + " has nothing in " + environment + "."))
        .modelVersion();
  }

  @Override
  public void close() {
    walk.close();
  }
}
