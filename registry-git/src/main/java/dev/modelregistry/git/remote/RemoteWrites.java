package dev.modelregistry.git.remote;

import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.model.RegistryUnavailableException;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.Repository;

/**
 * Runs the writing operations of a remote registry: under the registry lock, fetch, run the
 * operation on the fresh state, push; when another writer got there first, drop the local result,
 * wait a little, and run it again. Apart from {@code Registry} so that the retry under contention,
 * with its deadline and back-off, is one piece next to the fetch and push it drives, and the
 * registry itself only says whether it is remote.
 */
public final class RemoteWrites {
  /**
   * How long an operation keeps retrying while other writers win the race to push. Bounded by time,
   * not by a count of attempts: a loser retries at once, so under heavy contention (8 writers
   * pushing back to back in the tests) one writer can lose over 100 races in a row while the others
   * make progress, and would fail although it gets through as soon as they pause. Ten minutes is
   * far beyond any burst of registrations, and short enough that a loop gone wrong is reported.
   */
  private static final Duration MAX_CONTENTION = Duration.ofMinutes(10);

  /** The longest wait between two attempts of a write that lost a race (see {@link #backOff}). */
  private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);

  private final RemoteSync remote;
  private final Repository repo;
  private final Supplier<RegistryLock> lock;

  /**
   * Writes to {@code remote} through its cache clone {@code repo}, holding what {@code lock} takes
   * for each write.
   */
  public RemoteWrites(RemoteSync remote, Repository repo, Supplier<RegistryLock> lock) {
    this.remote = remote;
    this.repo = repo;
    this.lock = lock;
  }

  /**
   * Runs a writing operation: fetch, run it on the fresh state, push; when another writer got there
   * first, drop the local result, fetch again and run it again (so its preconditions are checked
   * again and its commits signed again), for at most {@link #MAX_CONTENTION}. The registry lock is
   * held from the first fetch to the last push, so local writers of the same cache take turns
   * instead of racing each other.
   */
  public <T> T write(Supplier<T> operation) {
    return write(operation, java.util.List::of);
  }

  /**
   * As {@link #write(Supplier)}; a push is also lost (and the operation run again on the fresh
   * state) if a branch named by {@code leased} (asked after the operation ran) that it did not
   * change moved, or was created, meanwhile.
   */
  public <T> T write(Supplier<T> operation, Supplier<java.util.Collection<String>> leased) {
    long deadline = System.nanoTime() + MAX_CONTENTION.toNanos();
    int attempt = 0;
    try (RegistryLock held = lock.get()) {
      do {
        attempt++;
        long attemptStart = System.nanoTime();
        remote.fetch(repo, attempt == 1);
        T result;
        try {
          result = operation.get();
        } catch (RuntimeException e) {
          remote.mirrorRemote(repo); // whatever the operation wrote locally is dropped
          throw e;
        }
        if (remote.push(repo, leased.get())) {
          remote.housekeeping(repo); // the change is live: now the cache may be repacked
          return result;
        }
        try {
          Thread.sleep(backOff(attempt, System.nanoTime() - attemptStart));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RegistryUnavailableException(
              "Interrupted while retrying a push to " + remote.display(), e);
        }
      } while (System.nanoTime() < deadline);
    }
    throw new RegistryUnavailableException(
        "Other writers kept changing "
            + remote.display()
            + " for "
            + MAX_CONTENTION.toMinutes()
            + " minutes while this operation was retried ("
            + attempt
            + " attempts); nothing of it was"
            + " pushed. Something may be writing in a loop: look at the remote's recent commits, then run the goal again.");
  }

  /**
   * How long to wait before retrying after the {@code lost}-th race in a row, in milliseconds: a
   * random time of up to {@code 2^(lost-1)} attempts' length (at most 8), capped at {@link
   * #MAX_BACK_OFF}. Losers that retry at once keep every writer racing in every round, and on a
   * small machine their CPU slows the writer about to win: 8 writers over HTTP on 2 cores took 169
   * s for 200 versions retrying at once, 21-25 s backing off (docs/BENCHMARKS.md, section 5a).
   * Measured in attempts, the wait fits the remote's own latency, loopback or across an ocean.
   */
  static long backOff(int lost, long attemptNanos) {
    long slots = 1L << Math.min(lost - 1, 3);
    long bound = Math.min(MAX_BACK_OFF.toMillis(), slots * Math.max(1, attemptNanos / 1_000_000));
    return java.util.concurrent.ThreadLocalRandom.current().nextLong(0, bound + 1);
  }
}
