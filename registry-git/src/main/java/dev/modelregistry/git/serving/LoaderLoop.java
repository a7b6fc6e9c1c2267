package dev.modelregistry.git.serving;

import dev.modelregistry.git.Deployment;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.errors.ArtifactMissingException;
import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.errors.NoRegistryException;
import dev.modelregistry.git.errors.UntrustedHistoryException;
import dev.modelregistry.git.errors.UntrustedPolicyException;
import dev.modelregistry.git.store.ArtifactCache;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.Sha256;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The loader's one worker: it alone opens the registry, looks at the branch, resolves, downloads,
 * verifies and calls the callback, so loads never overlap and a later record is always dealt with
 * after an earlier one. Other threads only ask it to look again ({@link #reload}) or to stop
 * ({@link #stop}) and read what is current.
 *
 * <p>It looks for a change every poll interval: for a local registry by reading the branch's tip
 * (one ref, a file stat while nothing changed), for a remote one by fetching first. Polling rather
 * than a file watch: a watch misses changes made over NFS by another host, and a ref may move by a
 * rename or a rewrite of {@code packed-refs}; reading the tip sees every way it moves, for well
 * under a millisecond of CPU per look (docs/BENCHMARKS.md, section 9).
 */
final class LoaderLoop implements Runnable {
  private static final long NONE = Long.MIN_VALUE;

  private final LoaderSettings settings;
  private final ArtifactCache cache;
  private final AtomicReference<LoadedModel> current = new AtomicReference<>();

  // what other threads ask of the worker, under lock
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Condition loaded = lock.newCondition();
  private boolean reloadAsked;
  private volatile boolean stopping;

  // the worker's own state: touched by no other thread
  private Registry registry;
  private boolean looked;
  private String seenTip; // the branch tip whose record was last dealt with; null: no branch
  private int failures; // in a row, for the record at seenTip
  private long retryAt = NONE; // System.nanoTime() of the next try by back-off
  private long nextPoll = NONE;
  private boolean again; // a newer record arrived during a load: look at once

  LoaderLoop(LoaderSettings settings) {
    this.settings = settings;
    this.cache = new ArtifactCache(settings.cacheDirectory());
  }

  /** What was handed over last and accepted by the callback. */
  Optional<LoadedModel> current() {
    return Optional.ofNullable(current.get());
  }

  /** Waits until a model is current, at most {@code timeout}. */
  Optional<LoadedModel> awaitModel(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (current.get() == null && left > 0 && !stopping) {
        left = loaded.awaitNanos(left);
      }
      return current();
    } finally {
      lock.unlock();
    }
  }

  /** Asks the worker to look at the registry now (for a remote one: to fetch now). */
  void reload() {
    lock.lock();
    try {
      reloadAsked = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Asks the worker to end: it stops waiting, abandons a download, and closes the registry. */
  void stop() {
    lock.lock();
    try {
      stopping = true;
      wake.signalAll();
      loaded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    try {
      for (Wake why = awaitWork(); why != null; why = awaitWork()) {
        step(why);
      }
    } finally {
      if (registry != null) {
        try {
          registry.close();
        } catch (RuntimeException e) {
          // closing a cache's repository: nothing the service could act on, the loader is done
        }
      }
    }
  }

  /** Why the worker looks. */
  private enum Wake {
    /** The poll interval passed. */
    POLL,
    /** The back-off after a failure ran out. */
    RETRY,
    /** Someone called reload(). */
    RELOAD,
    /** A newer record arrived during a load. */
    AGAIN,
    /** The loader just started. */
    START
  }

  /** Sleeps until there is something to do; null when stopping. */
  private Wake awaitWork() {
    lock.lock();
    try {
      if (nextPoll == NONE) {
        return stopping ? null : Wake.START;
      }
      while (!stopping) {
        if (again) {
          again = false;
          return Wake.AGAIN;
        }
        if (reloadAsked) {
          reloadAsked = false;
          return Wake.RELOAD;
        }
        long now = System.nanoTime();
        if (retryAt != NONE && now - retryAt >= 0) {
          retryAt = NONE;
          return Wake.RETRY;
        }
        if (now - nextPoll >= 0) {
          return Wake.POLL;
        }
        long until = retryAt != NONE && retryAt - nextPoll < 0 ? retryAt : nextPoll;
        try {
          wake.awaitNanos(until - now);
        } catch (InterruptedException e) {
          // close() interrupts only once it asked us to stop, which the loop sees; a stray
          // interrupt (a callback that set it) must not end the loader
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void step(Wake why) {
    nextPoll = System.nanoTime() + settings.pollInterval().toNanos();
    String tip = seenTip;
    try {
      if (failures > 0 && why == Wake.POLL && !recordMoved()) {
        return; // failing on this record: the back-off says when to try it again
      }
      boolean forced = why != Wake.POLL;
      if (registry == null) {
        registry = Registry.open(settings.url(), settings.options());
        forced = true;
      } else if (settings.remote() && why != Wake.AGAIN) {
        registry.refresh();
      }
      tip = registry.branchTip(settings.environment()).orElse(null);
      boolean changed = !looked || !Objects.equals(tip, seenTip);
      if (!forced && !changed) {
        return;
      }
      if (changed) {
        settled(); // a new record: try it at once, and back off afresh if it fails
      }
      looked = true;
      seenTip = tip;
      attempt();
    } catch (ArtifactCache.Abandoned newer) {
      again = true;
    } catch (Problem p) {
      failed(p);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      failed(Problem.of(e, null, null, tip)); // the loader goes on serving what it has
    }
  }

  /**
   * While failing: true if a cheap look shows the branch moved (for a local registry), so the new
   * record is tried at once. A remote one is not fetched between retries, and a look that fails
   * again is no news: the back-off decides when to try, and report, again.
   */
  private boolean recordMoved() {
    if (registry == null || settings.remote()) {
      return false;
    }
    try {
      return !Objects.equals(registry.branchTip(settings.environment()).orElse(null), seenTip);
    } catch (RuntimeException stillBroken) {
      return false;
    }
  }

  /** The record at hand needs nothing more: no failure counts, no retry is due. */
  private void settled() {
    failures = 0;
    retryAt = NONE;
  }

  /** Resolves the record and, if it names another version than the current one, loads it. */
  private void attempt() {
    Optional<Deployment> found =
        registry
            .deployment()
            .model(settings.model().value())
            .environment(settings.environment())
            .datasetVersions(settings.datasetVersions())
            .call();
    if (found.isEmpty()) {
      settled(); // nothing to retry: the loader waits for the branch to change
      report(
          new Problem(
              LoadFailure.Kind.NOT_IN_ENVIRONMENT,
              settings.model()
                  + " has never been in "
                  + settings.environment()
                  + ": nothing to load yet. The loader waits for its first promotion.",
              null,
              null,
              null,
              seenTip),
          Optional.empty());
      return;
    }
    Deployment d = found.get();
    ModelVersion version = d.record().modelVersion();
    Sha256 sha256 = d.pointer().sha256();
    seenTip = d.commit();
    LoadedModel now = current.get();
    if (now != null && now.version().equals(version) && now.sha256().equals(sha256)) {
      settled(); // the record that changed is another model's, or came back to ours
      return;
    }
    try {
      Optional<GateResult> datasets = d.datasets().filter(g -> !g.passed());
      if (datasets.isPresent()) {
        throw new Problem(
            LoadFailure.Kind.DATASET,
            settings.model()
                + " "
                + version
                + " was trained on other dataset versions than this service reads ("
                + datasets.get().actual()
                + "), and dataset mode is strict. Run the model on the datasets it was trained on, promote one trained on"
                + " these, or choose lenient dataset mode to load it with a warning.",
            null,
            version,
            sha256,
            d.commit());
      }
      for (String w : d.warnings()) {
        warn(settings.model() + " " + version + ": " + w);
      }
      Path file =
          cache.fetch(
              settings.stores().apply(d.store()), d.pointer(), () -> superseded(d.commit()));
      if (superseded(d.commit())) {
        throw new ArtifactCache.Abandoned(); // verified, kept in the cache, but no longer live
      }
      hand(
          new LoadedModel(
              settings.model(),
              version,
              settings.environment(),
              sha256,
              d.pointer().size(),
              file,
              d.metadata(),
              d.record(),
              d.commit()));
    } catch (Problem | ArtifactCache.Abandoned e) {
      throw e;
    } catch (RuntimeException | LinkageError | AssertionError e) {
      throw Problem.of(e, version, sha256, d.commit());
    }
  }

  /** Calls the callback; only if it returns is the model current. */
  private void hand(LoadedModel model) {
    try {
      settings.callback().accept(model);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) { // the service's smoke check said no, however it said it
      throw new Problem(
          LoadFailure.Kind.CALLBACK_FAILED,
          "the service's callback refused "
              + model.describe()
              + ": "
              + t
              + ". The file was verified; the service's own check failed on it.",
          t,
          model.version(),
          model.sha256(),
          model.commit());
    }
    lock.lock();
    try {
      current.set(model);
      loaded.signalAll();
    } finally {
      lock.unlock();
    }
    settled();
    for (LoaderListener l : settings.listeners()) {
      try {
        l.onLoaded(model);
      } catch (RuntimeException ignored) {
        // a listener's fault must not stop the loader from serving
      }
    }
  }

  /** True if the branch moved on from {@code commit} (or the loader is closing). */
  private boolean superseded(String commit) {
    if (stopping) {
      return true;
    }
    return !Objects.equals(registry.branchTip(settings.environment()).orElse(null), commit);
  }

  /** True if the branch is still at {@code commit}; false if it moved or cannot be read. */
  private boolean stillAt(String commit) {
    try {
      return !superseded(commit);
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  private void failed(Problem p) {
    if (stopping) {
      return; // what fails while closing is the closing, not the registry
    }
    failures++;
    Duration wait = settings.backoff().after(failures);
    retryAt = System.nanoTime() + wait.toNanos();
    report(p, Optional.of(Instant.now().plus(wait)));
  }

  private void report(Problem p, Optional<Instant> nextRetryAt) {
    boolean live = p.version != null && p.commit != null && stillAt(p.commit);
    LoadedModel kept = current.get();
    String tried =
        p.version == null
            ? settings.model() + " from " + settings.environment()
            : settings.model() + " " + p.version + " from " + settings.environment();
    String message =
        (p.kind == LoadFailure.Kind.NOT_IN_ENVIRONMENT
                ? p.detail
                : "Could not load " + tried + " (" + where() + "): " + p.detail)
            + (kept == null
                ? " Nothing loaded yet."
                : " Still serving " + kept.model() + " " + kept.version() + ".")
            + nextRetryAt
                .map(
                    at ->
                        " Trying again in "
                            + human(settings.backoff().after(failures))
                            + " (attempt "
                            + failures
                            + "), or at once when the record changes.")
                .orElse("");
    LoadFailure f =
        new LoadFailure(
            p.kind,
            settings.model(),
            settings.environment(),
            Optional.ofNullable(p.version),
            Optional.ofNullable(p.sha256),
            live,
            Optional.ofNullable(kept).map(LoadedModel::version),
            message,
            p.getCause(),
            Math.max(1, failures),
            nextRetryAt);
    for (LoaderListener l : settings.listeners()) {
      try {
        l.onFailure(f);
      } catch (RuntimeException ignored) {
        // a listener's fault must not stop the loader from serving
      }
    }
  }

  private void warn(String warning) {
    for (LoaderListener l : settings.listeners()) {
      try {
        l.onWarning(warning);
      } catch (RuntimeException ignored) {
        // a listener's fault must not stop the loader from serving
      }
    }
  }

  private String where() {
    return registry == null ? settings.displayUrl() : registry.location();
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /** A failure on its way to the listeners, with what was known when it happened. */
  static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final LoadFailure.Kind kind;
    final String detail;
    final transient ModelVersion version;
    final transient Sha256 sha256;
    final String commit;

    Problem(
        LoadFailure.Kind kind,
        String detail,
        Throwable cause,
        ModelVersion version,
        Sha256 sha256,
        String commit) {
      super(detail, cause, false, false);
      this.kind = kind;
      this.detail = detail;
      this.version = version;
      this.sha256 = sha256;
      this.commit = commit;
    }

    /** What an exception of the registry means for the loader. */
    static Problem of(Throwable e, ModelVersion version, Sha256 sha256, String commit) {
      String detail = e.getMessage() == null ? e.toString() : e.getMessage();
      return new Problem(kindOf(e), detail, e, version, sha256, commit);
    }

    private static LoadFailure.Kind kindOf(Throwable e) {
      if (e instanceof ChecksumMismatchException) {
        return LoadFailure.Kind.CHECKSUM;
      }
      if (e instanceof ArtifactMissingException) {
        return LoadFailure.Kind.ARTIFACT_MISSING;
      }
      if (e instanceof UntrustedHistoryException || e instanceof UntrustedPolicyException) {
        return LoadFailure.Kind.UNTRUSTED;
      }
      if (e instanceof NoRegistryException || e instanceof RegistryUnavailableException) {
        return LoadFailure.Kind.UNREACHABLE;
      }
      if (e instanceof ArtifactCache.CacheException) {
        return LoadFailure.Kind.CACHE;
      }
      if (e instanceof RegistryRefusedException) {
        return LoadFailure.Kind.REFUSED;
      }
      return LoadFailure.Kind.UNEXPECTED;
    }
  }
}
