package dev.modelregistry.git.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cuts an upload whose writes have not moved for a while. A socket write has no timeout of its own:
 * a server that accepted the request and stopped reading would hold the upload, and the registry
 * lock with it, forever once the connection's buffers are full.
 */
final class StallWatch implements AutoCloseable {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "artifact-upload-watch");
            t.setDaemon(true);
            return t;
          });
  private volatile long lastMove = System.nanoTime();
  private volatile boolean stalled;

  /** Runs {@code cut} (once) when nothing was written for {@code limit}. */
  StallWatch(Duration limit, Runnable cut) {
    long every = Math.max(50, limit.toMillis() / 4);
    timer.scheduleAtFixedRate(
        () -> {
          if (!stalled && System.nanoTime() - lastMove > limit.toNanos()) {
            stalled = true;
            cut.run();
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
  }

  /** Some bytes were written just now. */
  void moved() {
    lastMove = System.nanoTime();
  }

  /** True if the upload was cut for standing still. */
  boolean stalled() {
    return stalled;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
