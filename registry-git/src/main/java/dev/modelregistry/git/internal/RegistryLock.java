package dev.modelregistry.git.internal;

import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises local writers of one registry: threads of this JVM through a reentrant lock (a remote
 * registry's publishing step holds it around the operation, which takes it again), processes
 * through an operating-system file lock on {@code registry.lock} in the Git directory. The
 * operating system releases the file lock when its process dies, however it dies, so a killed build
 * cannot leave the registry locked. The file's text names the last holder, for messages.
 *
 * <p>The lock is a courtesy that keeps writers from doing work twice; correctness does not rest on
 * it: every branch moves by compare-and-swap.
 */
public final class RegistryLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, Held> IN_THIS_JVM = new ConcurrentHashMap<>();

  /**
   * One registry's lock in this JVM: the thread lock, and the file lock while any thread holds it.
   */
  private static final class Held {
    final ReentrantLock threads = new ReentrantLock();
    FileChannel channel;
    FileLock lock;
    Path file;
    String holder;
    final List<String> repairs =
        new CopyOnWriteArrayList<>(); // made under this lock, not yet reported
  }

  private final Held held;
  private final boolean outermost;

  private RegistryLock(Held held, boolean outermost) {
    this.held = held;
    this.outermost = outermost;
  }

  /**
   * The lock of the registry at {@code gitDir}, taken once more, if the current thread holds it
   * already (and so, through the file lock, this process): then no other writer of ours can be
   * changing that repository. Close it as any other.
   */
  public static Optional<RegistryLock> ifHeldByCurrentThread(Path gitDir) {
    Held held = IN_THIS_JVM.get(gitDir.resolve("registry.lock").toAbsolutePath().normalize());
    if (held == null || !held.threads.isHeldByCurrentThread() || held.lock == null) {
      return Optional.empty();
    }
    held.threads.lock(); // reentrant: returns at once
    return Optional.of(new RegistryLock(held, false));
  }

  /** True if this acquisition took the file lock (the thread did not hold it already). */
  public boolean outermost() {
    return outermost;
  }

  /**
   * Records what was repaired under this lock (a stale ref lock removed...), for an operation's
   * result.
   */
  public void repaired(String note) {
    held.repairs.add(note);
  }

  /**
   * What was repaired in this registry by this JVM and not yet reported, oldest first: repairs made
   * while opening a registry, or by an operation that then failed, are reported by the next result.
   */
  public List<String> repairs() {
    return List.copyOf(held.repairs);
  }

  /**
   * Marks {@code repairs} of the registry at {@code gitDir} as reported (in a result handed to the
   * caller).
   */
  public static void reported(Path gitDir, List<String> repairs) {
    Held held = IN_THIS_JVM.get(gitDir.resolve("registry.lock").toAbsolutePath().normalize());
    if (held != null && !repairs.isEmpty()) {
      held.repairs.removeAll(repairs);
    }
  }

  /**
   * The time now by the clock of the file system that holds the registry: the holder line is
   * written again and its file's modification time read back. Ages of files in the repository (lock
   * files) are measured against it, so a file server whose clock differs from this machine's cannot
   * make a fresh file look old.
   */
  public Instant fileSystemNow() throws IOException {
    held.channel.truncate(0);
    held.channel.write(ByteBuffer.wrap(held.holder.getBytes(StandardCharsets.UTF_8)), 0);
    held.channel.force(false);
    return Files.getLastModifiedTime(held.file).toInstant();
  }

  /** Waits up to {@code timeout} for the registry at {@code gitDir}. */
  /**
   * This process as a holder line names it: {@code pid@host}, the host as the kernel names it. Not
   * the JDK's {@code RuntimeMXBean} name, which asks the resolver for the host's address: a lock
   * taken during an outage must not wait on DNS.
   */
  private static final String HOLDER = ProcessHandle.current().pid() + "@" + hostName();

  private static String hostName() {
    for (String file : List.of("/proc/sys/kernel/hostname", "/etc/hostname")) {
      try {
        String name = Files.readString(Path.of(file)).strip();
        if (!name.isEmpty()) {
          return name;
        }
      } catch (IOException | RuntimeException e) {
        // not Linux, or not readable: the next source (the pid alone still names the holder)
      }
    }
    return "unknown-host";
  }

  public static RegistryLock acquire(Path gitDir, Duration timeout) {
    Path file = gitDir.resolve("registry.lock").toAbsolutePath().normalize();
    Held held = IN_THIS_JVM.computeIfAbsent(file, f -> new Held());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!held.threads.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw busy(file, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("Interrupted while waiting for " + file, e);
    }
    if (held.threads.getHoldCount() > 1) {
      return new RegistryLock(held, false); // this thread holds the file lock already
    }
    try {
      held.channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      while (true) {
        FileLock lock = held.channel.tryLock();
        if (lock != null) {
          held.lock = lock;
          held.file = file;
          held.holder = HOLDER + " since " + Instant.now() + "\n";
          held.channel.truncate(0);
          held.channel.write(ByteBuffer.wrap(held.holder.getBytes(StandardCharsets.UTF_8)), 0);
          return new RegistryLock(held, true);
        }
        if (System.nanoTime() > deadline) {
          throw busy(file, timeout);
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      releaseFile(held);
      throw new RegistryUnavailableException("Cannot lock " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      releaseFile(held);
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("Interrupted while waiting for " + file, e);
    } catch (RuntimeException e) {
      releaseFile(held);
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
        "The registry is busy: another process has held "
            + file
            + " for more than "
            + timeout.toSeconds()
            + " s (holder: "
            + holder
            + "). Wait for it to finish and try again. The lock is released"
            + " when that process ends, even if it is killed; do not delete the file.");
  }

  /** Closes the file lock and lets the next thread in. */
  private static void releaseFile(Held held) {
    try {
      if (held.channel != null) {
        held.channel.close(); // closing releases the file lock too
      }
    } catch (IOException ignored) {
      // nothing else to do: the operating system drops the lock with the descriptor
    } finally {
      held.channel = null;
      held.lock = null;
      held.threads.unlock();
    }
  }

  @Override
  public void close() {
    if (held.threads.getHoldCount() > 1) {
      held.threads.unlock();
      return;
    }
    releaseFile(held);
  }
}
