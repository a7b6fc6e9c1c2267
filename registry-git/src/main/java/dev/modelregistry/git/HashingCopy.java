package dev.modelregistry.git;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Copies one channel into another and hashes the bytes, with the hash overlapping the copy.
 *
 * <p>Why: done in turn on one thread, hashing and copying add up (about 2x the slower of the two
 * for a large file). Here each chunk is read once, into one of a few direct buffers; a second
 * thread hashes it while the calling thread writes it and reads the next one. So the time is
 * about the slower of hash and copy, and the digest is still of exactly the bytes written (the
 * source is read once, so a source changing underneath cannot make them differ).
 *
 * <p>Why a third thread: the caller forces the copy to disk before it is moved into place. The
 * kernel starts writing dirty pages back only far later (at 10 % of RAM or after 30 s), so
 * without help the whole file would be written back during that final force. A flushing thread
 * forces the file every {@link #FLUSH_EVERY} bytes while the copy goes on, so the final force has
 * at most about that much left. These intermediate forces are only for speed: durability comes
 * from the caller's final {@code force(true)}.
 *
 * <p>Memory is bounded: {@link #BUFFERS} direct buffers of at most {@link Hashing#BUFFER} bytes,
 * outside the heap, whatever the file's size.
 */
final class HashingCopy {
  /**
   * In flight at once: one being read or written by the caller, the others queued or being
   * hashed. Three lets the reader run one chunk ahead of a briefly slower hasher, and back.
   */
  static final int BUFFERS = 3;

  /** How much is written between two intermediate forces; see the class comment. */
  static final long FLUSH_EVERY = 64L << 20;

  /** Daemon threads: a put that is abandoned (e.g. the JVM exiting) must not keep it alive. */
  private static final ThreadFactory DAEMON = r -> {
    Thread t = new Thread(r, "artifact-store-copy");
    t.setDaemon(true);
    return t;
  };

  private HashingCopy() {}

  /**
   * Copies {@code in} from its position to its end onto {@code out}, updating {@code digest} with
   * every byte in order, and returns the number of bytes copied. Does not force {@code out} at the
   * end: that is the caller's.
   *
   * @param total the expected size, only for progress reports
   */
  static long copy(FileChannel in, FileChannel out, MessageDigest digest, long total, ArtifactStore.CopyProgress progress)
      throws IOException {
    int chunk = (int) Math.max(8192, Math.min(Hashing.BUFFER, total + 1)); // small files: small buffers
    ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
    Future<?>[] hashed = new Future<?>[BUFFERS]; // a buffer is reused only once its hash is done
    // One thread per role: a single hashing thread keeps the digest's updates in chunk order.
    ExecutorService hasher = Executors.newSingleThreadExecutor(DAEMON);
    ExecutorService flusher = Executors.newSingleThreadExecutor(DAEMON);
    Future<?> flushed = null;
    try {
      long copied = 0;
      long nextReport = total / 10;
      long nextFlush = FLUSH_EVERY;
      for (int i = 0; ; i = (i + 1) % BUFFERS) {
        await(hashed[i]);
        if (buffers[i] == null) {
          buffers[i] = ByteBuffer.allocateDirect(chunk);
        }
        ByteBuffer buf = buffers[i];
        buf.clear();
        while (buf.hasRemaining() && in.read(buf) >= 0) {
          // fill the chunk: fewer, larger hash tasks and writes
        }
        buf.flip();
        if (!buf.hasRemaining()) {
          break; // end of the source
        }
        int n = buf.remaining();
        ByteBuffer forHash = buf.duplicate(); // own position and limit, same bytes
        hashed[i] = hasher.submit(() -> digest.update(forHash));
        // The write runs on this thread, alongside that hash. The buffer is only read by both.
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        copied += n;
        if (copied >= nextFlush && (flushed == null || flushed.isDone())) {
          await(flushed); // surfaces an earlier flush's failure
          flushed = flusher.submit(() -> {
            out.force(false); // start writing back now, in parallel with the copy; see class comment
            return null;
          });
          nextFlush = copied + FLUSH_EVERY;
        }
        if (copied >= nextReport) {
          progress.copied(copied, total);
          nextReport += Math.max(1, total / 10);
        }
      }
      for (Future<?> f : hashed) {
        await(f); // the digest is complete only when every chunk's hash is
      }
      await(flushed);
      return copied;
    } finally {
      // On failure, drop queued hashes; a task still running ends on its own (it only reads a
      // buffer that stays reachable through it). The flusher is not interrupted: an interrupt
      // would close the caller's channel under it. Both threads end once idle: nothing leaks.
      hasher.shutdownNow();
      flusher.shutdown();
    }
  }

  private static void await(Future<?> f) throws IOException {
    if (f == null) {
      return;
    }
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while copying");
      io.initCause(e);
      throw io;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }
}
