package dev.modelregistry.benchmarks;

import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.LocalArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where register's time goes: the steps of {@code LocalArtifactStore.put()} taken apart, on a
 * warm-cache artifact. {@code storePut} is the real {@code put()}; the {@code pipelined*} methods
 * replay its loop (3 direct buffers of {@code bufferKiB}, hash on a second thread) without one part
 * or another; {@code hashOnly}, {@code copyOnly} and {@code copyAndHash*} replay the loop put() had
 * before (one thread, streams, one heap buffer), for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(1)
public class RegisterBreakdownBenchmark {
  @Param({"1024"})
  public int sizeMiB;

  /** The read/write buffer (each of the pipelined loop's three) in KiB; put() uses 1024. */
  @Param({"1024"})
  public int bufferKiB;

  /** MiB between intermediate forces in {@code pipelinedFlushingThenForce}; put() uses 64. */
  @Param({"64"})
  public int flushMiB;

  private Path dir;
  private Path artifact;
  private Path out;
  private LocalArtifactStore store;
  private Path stored;

  @Setup(Level.Trial)
  public void createArtifact() {
    dir = BenchFiles.scratch("register-breakdown-");
    artifact = BenchFiles.randomFile(dir, "model.bin", sizeMiB, 42);
    out = dir.resolve("out.part");
    store = new LocalArtifactStore(dir.resolve("store"));
  }

  @Setup(Level.Invocation)
  public void warm() throws IOException {
    BenchFiles.warm(artifact);
    Files.deleteIfExists(out);
    Files.createFile(out);
  }

  @TearDown(Level.Invocation)
  public void removeOutputs() {
    BenchFiles.deleteIfExists(out);
    if (stored != null) {
      BenchFiles.deleteIfExists(stored);
      stored = null;
    }
  }

  @TearDown(Level.Trial)
  public void removeAll() {
    BenchFiles.deleteTree(dir);
  }

  /** Read and hash, nothing written: Java's counterpart of openssl dgst. */
  @Benchmark
  public byte[] hashOnly() throws IOException {
    MessageDigest digest = sha256();
    byte[] buf = new byte[bufferKiB * 1024];
    try (InputStream in = Files.newInputStream(artifact, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return digest.digest();
  }

  /** Read and write through the old put()'s streams, no hash, no force. */
  @Benchmark
  public long copyOnly() throws IOException {
    return loop(false, false);
  }

  /** The old put() loop (hash then write, one thread) without the force. */
  @Benchmark
  public long copyAndHash() throws IOException {
    return loop(true, false);
  }

  /** The old put() loop with force(true), as the old put() did. */
  @Benchmark
  public long copyAndHashThenForce() throws IOException {
    return loop(true, true);
  }

  /** The real LocalArtifactStore.put() (temporary file, force, atomic move). */
  @Benchmark
  public ArtifactStore.Stored storePut() {
    ArtifactStore.Stored s = store.put(artifact, ArtifactStore.CopyProgress.NONE);
    stored = s.location();
    return s;
  }

  /**
   * put()'s loop (as in {@code HashingCopy}, which is package-private), without force: direct
   * buffers through FileChannel (no copies through a heap array), hashing each chunk on a second
   * thread while this one writes it and reads the next. The bytes are read once, so the digest is
   * of exactly the bytes written.
   */
  @Benchmark
  public long pipelinedCopyAndHash() throws Exception {
    return pipelined(false, 0);
  }

  /**
   * The same loop, then force(true), with no intermediate force: all writeback in the final force.
   */
  @Benchmark
  public long pipelinedCopyAndHashThenForce() throws Exception {
    return pipelined(true, 0);
  }

  /**
   * The same loop, with force(false) on a third thread every {@code flushMiB} MiB (so writeback
   * overlaps the copy), then force(true): what put() does, at its 64 MiB.
   */
  @Benchmark
  public long pipelinedFlushingThenForce() throws Exception {
    return pipelined(true, (long) flushMiB << 20);
  }

  /**
   * As {@link #pipelinedFlushingThenForce}, but the intermediate force(false) runs on the writing
   * thread, which waits for it: the alternative to a flushing thread.
   */
  @Benchmark
  public long pipelinedSyncFlushingThenForce() throws Exception {
    return pipelined(true, -((long) flushMiB << 20));
  }

  /** flushEvery: 0 none, > 0 on a flushing thread, < 0 on the writing thread. */
  private long pipelined(boolean force, long flushEvery) throws Exception {
    MessageDigest digest = sha256();
    int size = bufferKiB * 1024;
    int n = 3;
    ByteBuffer[] bufs = new ByteBuffer[n];
    for (int i = 0; i < n; i++) {
      bufs[i] = ByteBuffer.allocateDirect(size);
    }
    Future<?>[] hashed = new Future<?>[n];
    ExecutorService hasher = Executors.newSingleThreadExecutor();
    ExecutorService flusher = Executors.newSingleThreadExecutor();
    Future<?> flushed = null;
    long every = Math.abs(flushEvery);
    long copied = 0;
    long nextFlush = every;
    try (FileChannel in =
            FileChannel.open(artifact, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
      for (int i = 0; ; i = (i + 1) % n) {
        if (hashed[i] != null) {
          hashed[i].get(); // the hasher is done with this buffer
        }
        ByteBuffer buf = bufs[i];
        buf.clear();
        while (buf.hasRemaining() && in.read(buf) >= 0) {}
        buf.flip();
        if (!buf.hasRemaining()) {
          break;
        }
        ByteBuffer forHash = buf.duplicate();
        hashed[i] = hasher.submit(() -> digest.update(forHash)); // one thread: chunks in order
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        copied += forHash.limit();
        if (every > 0 && copied >= nextFlush) {
          if (flushEvery < 0) {
            ch.force(false);
            nextFlush = copied + every;
          } else if (flushed == null || flushed.isDone()) {
            flushed =
                flusher.submit(
                    () -> {
                      ch.force(false);
                      return null;
                    });
            nextFlush = copied + every;
          }
        }
      }
      for (Future<?> f : hashed) {
        if (f != null) {
          f.get();
        }
      }
      if (flushed != null) {
        flushed.get();
      }
      if (force) {
        ch.force(true);
      }
    } finally {
      hasher.shutdownNow();
      flusher.shutdown();
    }
    return copied + digest.digest()[0];
  }

  private long loop(boolean hash, boolean force) throws IOException {
    MessageDigest digest = sha256();
    byte[] buf = new byte[bufferKiB * 1024];
    long copied = 0;
    try (InputStream in = Files.newInputStream(artifact, LinkOption.NOFOLLOW_LINKS);
        FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE);
        OutputStream os = Channels.newOutputStream(ch)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        if (hash) {
          digest.update(buf, 0, n);
        }
        os.write(buf, 0, n);
        copied += n;
      }
      if (force) {
        ch.force(true);
      }
    }
    return copied + digest.digest()[0];
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
