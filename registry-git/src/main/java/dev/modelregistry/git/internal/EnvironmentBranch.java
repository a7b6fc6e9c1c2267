package dev.modelregistry.git.internal;

import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.HistoryEntry;
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
public final class EnvironmentBranch implements AutoCloseable {
  private final String environment;
  private final ObjectReader reader;
  private final RevWalk walk;
  private final RevCommit tip;
  private final VerifiedCache cache;

  /**
   * Each model's history, read once: the branch's tip is fixed, and gates of many promotions may
   * ask.
   */
  private final java.util.Map<ModelName, List<HistoryEntry>> histories = new java.util.HashMap<>();

  public EnvironmentBranch(
      String environment, ObjectReader reader, RevCommit tip, VerifiedCache cache) {
    this.environment = environment;
    this.reader = reader;
    this.walk = new RevWalk(reader);
    this.tip = tip;
    this.cache = cache;
  }

  public String environment() {
    return environment;
  }

  /** The branch's tip, or null if nothing was ever promoted to this environment. */
  public RevCommit tip() {
    return tip;
  }

  /** The record for {@code model} now. */
  public Optional<EnvironmentRecord> current(ModelName model) {
    return tip == null ? Optional.empty() : recordAt(model, tip);
  }

  /** The record for {@code model} at {@code commit}. */
  public Optional<EnvironmentRecord> recordAt(ModelName model, RevCommit commit) {
    return bytesAt(model, commit).map(b -> parse(model, b));
  }

  public Optional<byte[]> bytesAt(ModelName model, RevCommit commit) {
    String path = RegistryFormat.environmentRecord(environment, model);
    try (TreeWalk w = TreeWalk.forPath(reader, path, walk.parseCommit(commit).getTree())) {
      if (w == null) {
        return Optional.empty();
      }
      return Optional.of(
          reader
              .open(w.getObjectId(0), Constants.OBJ_BLOB)
              .getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES));
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read " + path + " at " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  private EnvironmentRecord parse(ModelName model, byte[] bytes) {
    return SafeMapper.read(
        bytes,
        EnvironmentRecord.class,
        RegistryFormat.environmentRecord(environment, model),
        false);
  }

  /**
   * Every change of {@code model} in this environment, newest first, each dated by when it went
   * live (see {@link #liveSince}).
   */
  public List<HistoryEntry> history(ModelName model) {
    return histories.computeIfAbsent(model, this::readHistory);
  }

  private List<HistoryEntry> readHistory(ModelName model) {
    List<HistoryEntry> out = new ArrayList<>();
    if (tip == null) {
      return out;
    }
    try (RevWalk w = new RevWalk(reader)) {
      List<Tip> tips = pastTips(Instant.MIN); // newest first
      int next = tips.size() - 1; // the oldest tip not yet known to be older than the change
      w.setTreeFilter(
          AndTreeFilter.create(
              PathFilter.create(RegistryFormat.environmentRecord(environment, model)),
              TreeFilter.ANY_DIFF));
      w.markStart(w.parseCommit(tip));
      List<RevCommit> changes = new ArrayList<>();
      for (RevCommit c : w) {
        changes.add(c);
      }
      // oldest change first, so the pointer into the tips only moves towards the newest
      for (int i = changes.size() - 1; i >= 0; i--) {
        RevCommit c = changes.get(i);
        while (next > 0 && tips.get(next).time().isBefore(time(c))) {
          next--;
        }
        out.add(entry(model, c, tips.get(next).time()));
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read branch " + environment + ": " + e.getMessage(), e);
    }
    java.util.Collections.reverse(out);
    return java.util.Collections.unmodifiableList(out);
  }

  /**
   * The change of {@code model} in force at {@code instant}. The branch's tip then is found from
   * the commits' headers alone; only from there are records read, so what happened after the
   * instant costs a header each.
   */
  public Optional<HistoryEntry> at(ModelName model, Instant instant) {
    if (tip == null) {
      return Optional.empty();
    }
    try {
      List<Tip> newer = pastTips(instant);
      Tip then = newer.get(newer.size() - 1);
      if (then.time().isAfter(instant)) {
        return Optional.empty(); // the branch did not exist yet
      }
      RevCommit live = walk.parseCommit(then.commit());
      RevCommit change = lastTouching(RegistryFormat.environmentRecord(environment, model), live);
      if (change == null) {
        return Optional.empty();
      }
      HistoryEntry e = entry(model, change, liveSince(change, live));
      return e.record() == null ? Optional.empty() : Optional.of(e);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read branch " + environment + ": " + e.getMessage(), e);
    }
  }

  /** A commit the branch pointed to, and when it was made. */
  private record Tip(ObjectId commit, Instant time) {}

  /**
   * The commits the branch pointed to, newest first, from its tip down to the first one at or
   * before {@code until} (included; {@code Instant.MIN}: down to the root), following first
   * parents. A commit followed by an approval was never a tip: a reviewed promotion and its earlier
   * approvals reach the branch only with the approval that completes it (a fast-forward), and a
   * forge's merge is itself the tip, its promotion branch off this line.
   *
   * <p>Read from the verified cache, which remembers each commit's parent, time and whether it is
   * an approval, so no commit object is read; from the commits themselves where the cache does not
   * remember that (lines written by an older version).
   */
  private List<Tip> pastTips(Instant until) throws IOException {
    List<Tip> tips = new ArrayList<>();
    boolean successorApproves = false;
    for (String id = tip.name(); id != null; ) {
      VerifiedCache.Entry e = cache.get(id);
      if (e == null || !e.knowsLineage()) {
        return pastTipsFromCommits(until);
      }
      if (!successorApproves) {
        Instant time = Instant.ofEpochSecond(e.time());
        tips.add(new Tip(ObjectId.fromString(id), time));
        if (!time.isAfter(until)) {
          break;
        }
      }
      successorApproves = e.approval();
      id = e.parent().equals("-") ? null : e.parent();
    }
    return tips;
  }

  /** As {@link #pastTips}, from the commits. */
  private List<Tip> pastTipsFromCommits(Instant until) throws IOException {
    List<Tip> tips = new ArrayList<>();
    RevCommit successor = null;
    for (RevCommit c = walk.parseCommit(tip); c != null; successor = c, c = parent(c)) {
      if (successor == null || !approves(successor, c)) {
        tips.add(new Tip(c, time(c)));
        if (!time(c).isAfter(until)) {
          break;
        }
      }
    }
    return tips;
  }

  /**
   * When {@code change} went live: the time of the oldest tip, at or below {@code live}, made at or
   * after it. That is the change itself unless it waited for approvals or a merge.
   */
  private Instant liveSince(RevCommit change, RevCommit live) throws IOException {
    Instant since = time(live);
    RevCommit successor = null;
    for (RevCommit c = live;
        c != null && !time(c).isBefore(time(change));
        successor = c, c = parent(c)) {
      if (successor == null || !approves(successor, c)) {
        since = time(c);
      }
    }
    return since;
  }

  /**
   * True if {@code successor}, the commit after {@code c}, is an approval. Approvals are the only
   * commits on an environment branch that change nothing (the verifier refuses any other), so the
   * trees tell it without parsing messages: this runs for every commit newer than a queried
   * instant.
   */
  private static boolean approves(RevCommit successor, RevCommit c) {
    return successor.getParentCount() == 1 && successor.getTree().equals(c.getTree());
  }

  private static Instant time(RevCommit c) {
    return Instant.ofEpochSecond(
        c.getCommitTime()); // what the committer line says, without parsing the person
  }

  /**
   * The commit that brought the current version of {@code model} in: the top of the promotion
   * stack. Promotions (and rollbacks to a named version) push; a rollback down the stack reverts
   * the top, so the one below it is found by continuing from before the reverted promotion.
   */
  public Optional<RevCommit> promotionOnTop(ModelName model) {
    if (tip == null) {
      return Optional.empty();
    }
    try {
      return promotionOnTop(model, walk.parseCommit(tip));
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read branch " + environment + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #promotionOnTop(ModelName)}, for the state of the branch at {@code from}. */
  private Optional<RevCommit> promotionOnTop(ModelName model, RevCommit from) {
    String path = RegistryFormat.environmentRecord(environment, model);
    try {
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
      throw new RegistryUnavailableException(
          "Cannot read branch " + environment + ": " + e.getMessage(), e);
    }
  }

  /**
   * The versions that rollbacks down the stack would bring back, nearest first, at most {@code
   * limit} distinct ones: what the first rollback returns to, then the second, as {@code rollback}
   * without a named version finds them. What {@code gc} must keep for an environment to be rolled
   * back in an emergency.
   */
  public List<ModelVersion> rollbackTargets(ModelName model, int limit) {
    List<ModelVersion> out = new ArrayList<>();
    if (tip == null) {
      return out;
    }
    try {
      RevCommit from = walk.parseCommit(tip);
      while (out.size() < limit) {
        Optional<RevCommit> top = promotionOnTop(model, from);
        RevCommit before = top.isEmpty() ? null : parent(top.get());
        Optional<EnvironmentRecord> back =
            before == null ? Optional.empty() : recordAt(model, before);
        if (back.isEmpty()) {
          return out; // the bottom of the stack: nothing before the first promotion
        }
        if (!out.contains(back.get().modelVersion())) {
          out.add(back.get().modelVersion());
        }
        from = before;
      }
      return out;
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read branch " + environment + ": " + e.getMessage(), e);
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

  public RevCommit parent(RevCommit c) throws IOException {
    return c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
  }

  /** The entry for change {@code c}, live since {@code liveSince}. */
  public HistoryEntry entry(ModelName model, RevCommit c, Instant liveSince) {
    Trailers t = Trailers.of(c);
    VerifiedCache.Entry v = cache.get(c.name());
    return new HistoryEntry(
        c.name(),
        liveSince,
        t.get(Trailers.ACTION),
        v == null ? c.getCommitterIdent().getEmailAddress() : v.principal(),
        t.get(Trailers.REASON),
        recordAt(model, c).orElse(null),
        t.get(Trailers.REVERTS));
  }

  /** The version {@code model} has here now, refusing if there is none. */
  public ModelVersion requireCurrent(ModelName model) {
    return current(model)
        .orElseThrow(
            () -> new RegistryRefusedException(model + " has nothing in " + environment + "."))
        .modelVersion();
  }

  @Override
  public void close() {
    walk.close();
  }
}
