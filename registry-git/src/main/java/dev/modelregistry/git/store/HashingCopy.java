package dev.modelregistry.git.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Copies one channel into another and hashes the bytes, with reading, hashing and writing
 * overlapping.
 *
 * <p>Why: done in turn on one thread, hashing and copying add up (about 2x the slower of the two
 * for a large file). Here the calling thread reads each chunk once, into one of a few direct
 * buffers; a hashing thread hashes it while a writing thread writes it, and the caller reads the
 * next one meanwhile. So the time is about the slowest of the three, the hash for a large file, and
 * the digest is still of exactly the bytes written (the source is read once, so a source changing
 * underneath cannot make them differ). One thread per role keeps the digest's updates and the
 * writes in chunk order.
 *
 * <p>Onto a channel opened for direct I/O (see {@link LocalArtifactStore}), the writes bypass the
 * page cache and go to disk as they are made. Onto an ordinary channel, a fourth thread forces the
 * file every {@link #FLUSH_EVERY} bytes: the caller forces the copy to disk before moving it into
 * place, and the kernel would otherwise start writing dirty pages back only far later (at 10 % of
 * RAM or after 30 s), leaving the whole file to that final force. These intermediate forces are
 * only for speed: durability comes from the caller's final {@code force(true)}.
 *
 * <p>Memory is bounded: {@link #BUFFERS} direct buffers of at most {@link Hashing#BUFFER} bytes
 * (plus one block each for alignment), outside the heap, whatever the file's size.
 */
public final class HashingCopy {
  /**
   * In flight at once: one being read by the caller, the others being hashed and written or waiting
   * to be. Three lets the reader run a chunk ahead of a briefly slower hasher or writer.
   */
  public static final int BUFFERS = 3;

  /** How much is written between two intermediate forces; see the class comment. */
  public static final long FLUSH_EVERY = 64L << 20;

  /** Daemon threads: a put that is abandoned (e.g. the JVM exiting) must not keep it alive. */
  private static final ThreadFactory DAEMON =
      r -> {
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
   * @param total the size the source had when the copy began: for progress reports, and a bound,
   *     since at most {@code total + 1} bytes are copied. A source still being written then ends
   *     the copy one byte over, which tells the caller it changed, instead of keeping it copying
   *     for as long as the source grows.
   */
  public static long copy(
      FileChannel in,
      FileChannel out,
      MessageDigest digest,
      long total,
      ArtifactStore.CopyProgress progress)
      throws IOException {
    return copy(in, out, digest, total, progress, 0);
  }

  /**
   * As {@link #copy(FileChannel, FileChannel, MessageDigest, long, ArtifactStore.CopyProgress)}
   * onto a channel opened for direct I/O ({@code O_DIRECT}) when {@code alignment > 0}: buffers and
   * writes are aligned to it, the last write is padded with zeros (the caller truncates the file to
   * the returned size), and no intermediate force is needed since nothing goes through the page
   * cache.
   */
  public static long copy(
      FileChannel in,
      FileChannel out,
      MessageDigest digest,
      long total,
      ArtifactStore.CopyProgress progress,
      int alignment)
      throws IOException {
    return copy(
        (ReadableByteChannel) in,
        (WritableByteChannel) out,
        digest,
        total,
        progress,
        alignment,
        true);
  }

  /**
   * As {@link #copy(FileChannel, FileChannel, MessageDigest, long, ArtifactStore.CopyProgress)}
   * between any channels: a file and an upload's body, a download's body and a file. Nothing is
   * forced as it goes, even onto a file: this is for copies that need not reach the disk (a cache
   * that re-checks what it holds), where a forced write-back only competes with the copy.
   */
  public static long copy(
      ReadableByteChannel in,
      WritableByteChannel out,
      MessageDigest digest,
      long total,
      ArtifactStore.CopyProgress progress)
      throws IOException {
    return copy(in, out, digest, total, progress, 0, false);
  }

  /**
   * As {@link #copy(ReadableByteChannel, WritableByteChannel, MessageDigest, long,
   * ArtifactStore.CopyProgress)} onto a file opened for direct I/O when {@code alignment > 0} (see
   * {@link #copy(FileChannel, FileChannel, MessageDigest, long, ArtifactStore.CopyProgress, int)}):
   * a large download then goes to disk as it comes instead of waiting for fresh page-cache pages.
   */
  public static long copy(
      ReadableByteChannel in,
      FileChannel out,
      MessageDigest digest,
      long total,
      ArtifactStore.CopyProgress progress,
      int alignment)
      throws IOException {
    return copy(in, (WritableByteChannel) out, digest, total, progress, alignment, false);
  }

  private static long copy(
      ReadableByteChannel in,
      WritableByteChannel out,
      MessageDigest digest,
      long total,
      ArtifactStore.CopyProgress progress,
      int alignment,
      boolean flush)
      throws IOException {
    int chunk =
        alignment > 0
            ? Hashing.BUFFER
            : (int)
                Math.max(8192, Math.min(Hashing.BUFFER, total + 1)); // small files: small buffers
    ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
    Future<?>[] hashed = new Future<?>[BUFFERS]; // a buffer is reused only once its hash is done
    Future<?>[] written = new Future<?>[BUFFERS]; // and its write
    // One thread per role: a single hashing thread keeps the digest's updates in chunk order, and a
    // single writing thread the writes, so this one reads the next chunk meanwhile.
    ExecutorService hasher = Executors.newSingleThreadExecutor(DAEMON);
    ExecutorService writer = Executors.newSingleThreadExecutor(DAEMON);
    ExecutorService flusher = Executors.newSingleThreadExecutor(DAEMON);
    Future<?> flushed = null;
    try {
      long copied = 0;
      long nextReport = total / 10;
      long nextFlush = FLUSH_EVERY;
      for (int i = 0; ; i = (i + 1) % BUFFERS) {
        await(hashed[i]);
        await(written[i]);
        if (buffers[i] == null) {
          buffers[i] =
              alignment > 0
                  ? ByteBuffer.allocateDirect(chunk + alignment).alignedSlice(alignment)
                  : ByteBuffer.allocateDirect(chunk);
        }
        ByteBuffer buf = buffers[i];
        buf.clear();
        long left = total + 1 - copied; // see total: one byte over is enough to know
        if (left < buf.remaining()) {
          buf.limit((int) Math.max(0, left));
        }
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
        if (alignment > 0 && n % alignment != 0) {
          // the last chunk: direct I/O writes whole blocks, so pad it with zeros past what is
          // hashed
          int padded = (n / alignment + 1) * alignment;
          buf.limit(padded);
          for (int z = n; z < padded; z++) {
            buf.put(z, (byte) 0);
          }
        }
        // The write runs alongside that hash; both only read the buffer. A direct write waits for
        // the disk, so it gets its own thread; a cached one is a memory copy, cheaper done here.
        if (alignment > 0) {
          written[i] =
              writer.submit(
                  () -> {
                    writeFully(out, buf);
                    return null;
                  });
        } else {
          writeFully(out, buf);
        }
        copied += n;
        if (alignment == 0
            && flush
            && out instanceof FileChannel file
            && copied >= nextFlush
            && (flushed == null || flushed.isDone())) {
          await(flushed); // surfaces an earlier flush's failure
          flushed =
              flusher.submit(
                  () -> {
                    file.force(
                        false); // start writing back now, in parallel with the copy; see class
                    // comment
                    return null;
                  });
          nextFlush = copied + FLUSH_EVERY;
        }
        if (copied >= nextReport) {
          progress.copied(copied, total);
          nextReport += Math.max(1, total / 10);
        }
      }
      for (int i = 0; i < BUFFERS; i++) {
        await(hashed[i]); // the digest is complete only when every chunk's hash is
        await(written[i]);
      }
      await(flushed);
      return copied;
    } finally {
      // On failure, drop queued hashes; a task still running ends on its own (it only reads a
      // buffer that stays reachable through it). The writer and the flusher are not interrupted:
      // an interrupt would close the caller's channel under them. All end once idle: nothing leaks.
      hasher.shutdownNow();
      writer.shutdown();
      flusher.shutdown();
    }
  }

  private static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      out.write(buf);
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
