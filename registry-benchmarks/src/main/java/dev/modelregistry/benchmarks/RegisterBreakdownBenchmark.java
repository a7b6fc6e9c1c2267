package dev.modelregistry.benchmarks;

import dev.modelregistry.git.ArtifactStore;
import dev.modelregistry.git.LocalArtifactStore;
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
 * Where register's time goes: the steps of {@code LocalArtifactStore.put()} taken apart, with the
 * same streams and buffer (1 MiB by default), on a warm-cache artifact. {@code storePut} is the
 * real {@code put()}; the other methods replay its loop without one part or another.
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

  /** The read/write buffer in KiB; put() uses 1024. */
  @Param({"1024"})
  public int bufferKiB;

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

  /** Read and write through put()'s streams, no hash, no force. */
  @Benchmark
  public long copyOnly() throws IOException {
    return loop(false, false);
  }

  /** put()'s loop without the force: what register would cost without fsync. */
  @Benchmark
  public long copyAndHash() throws IOException {
    return loop(true, false);
  }

  /** put()'s loop with force(true), as put() does. */
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
   * A proposed put() loop, without force: direct buffers through FileChannel (no copies through a
   * heap array), hashing each chunk on a second thread while the next chunk is read and this one
   * written. The bytes are read once, so the digest is of exactly the bytes written.
   */
  @Benchmark
  public long pipelinedCopyAndHash() throws Exception {
    return pipelined(false);
  }

  /** The proposed loop with force(true), as put() needs. */
  @Benchmark
  public long pipelinedCopyAndHashThenForce() throws Exception {
    return pipelined(true);
  }

  private long pipelined(boolean force) throws Exception {
    MessageDigest digest = sha256();
    int size = bufferKiB * 1024;
    ByteBuffer[] bufs = {ByteBuffer.allocateDirect(size), ByteBuffer.allocateDirect(size)};
    Future<?>[] hashed = new Future<?>[2];
    ExecutorService hasher = Executors.newSingleThreadExecutor();
    long copied = 0;
    try (FileChannel in = FileChannel.open(artifact, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
      for (int i = 0; ; i ^= 1) {
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
      }
      for (Future<?> f : hashed) {
        if (f != null) {
          f.get();
        }
      }
      if (force) {
        ch.force(true);
      }
    } finally {
      hasher.shutdown();
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
