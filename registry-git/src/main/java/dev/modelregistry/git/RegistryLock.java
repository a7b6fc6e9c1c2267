package dev.modelregistry.git;

import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serialises local writers of one registry: threads of this JVM through a semaphore, processes
 * through an operating-system file lock on {@code registry.lock} in the Git directory. The
 * operating system releases the file lock when its process dies, however it dies, so a killed
 * build cannot leave the registry locked. The file's text names the last holder, for messages.
 *
 * <p>The lock is a courtesy that keeps writers from doing work twice; correctness does not rest on
 * it: every branch moves by compare-and-swap.
 */
final class RegistryLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Semaphore local;
  private final FileChannel channel;
  private final FileLock lock;

  private RegistryLock(Semaphore local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits up to {@code timeout} for the registry at {@code gitDir}. */
  static RegistryLock acquire(Path gitDir, Duration timeout) {
    Path file = gitDir.resolve("registry.lock").toAbsolutePath().normalize();
    Semaphore local = IN_THIS_JVM.computeIfAbsent(file, f -> new Semaphore(1));
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!local.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw busy(file, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("Interrupted while waiting for " + file, e);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          String holder = ManagementFactory.getRuntimeMXBean().getName() + " since " + Instant.now() + "\n";
          channel.truncate(0);
          channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
          return new RegistryLock(local, channel, lock);
        }
        if (System.nanoTime() > deadline) {
          throw busy(file, timeout);
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      release(local, channel);
      throw new RegistryUnavailableException("Cannot lock " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      release(local, channel);
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("Interrupted while waiting for " + file, e);
    } catch (RuntimeException e) {
      release(local, channel);
      throw e;
    }
  }

  private static RegistryRefusedException busy(Path file, Duration timeout) {
    String holder;
    try {
      holder = Files.readString(file).strip();
    } catch (IOException e) {
      holder = "unknown";
    }
    return new RegistryRefusedException(
        "The registry is busy: another process has held " + file + " for more than " + timeout.toSeconds()
            + " s (holder: " + holder + "). Wait for it to finish and try again. The lock is released"
            + " when that process ends, even if it is killed; do not delete the file.");
  }

  private static void release(Semaphore local, FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // closing releases the lock; nothing else to do
    } finally {
      local.release();
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close below releases it as well
    }
    release(local, channel);
  }
}
