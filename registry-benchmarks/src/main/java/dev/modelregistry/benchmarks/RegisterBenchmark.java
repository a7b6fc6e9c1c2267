package dev.modelregistry.benchmarks;

import dev.modelregistry.git.Registration;
import dev.modelregistry.git.Registry;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * {@code Registry.register()} of one artifact against the two limits it is meant to approach, on
 * the same file in the same run: {@code openssl dgst -sha256} (hashing alone) and {@code cp}
 * (copying alone), plus {@code cp} followed by {@code sync FILE}, since register forces its copy to
 * disk and plain {@code cp} does not.
 *
 * <p>Each operation really copies: register uses a new version every time, and the stored bytes
 * (and the copies of {@code cp}) are deleted after each invocation, so the content-addressed
 * store's "already present" path is never taken. The artifact is in the page cache throughout
 * (warm-cache figures).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class RegisterBenchmark {
  private static final dev.modelregistry.git.Committer WHO =
      new dev.modelregistry.git.Committer("Benchmark", "benchmark@example.com");

  /** Artifact size in MiB. */
  @Param({"10", "1024"})
  public int sizeMiB;

  private Path dir;
  private Path artifact;
  private Path copies;
  private Path copied;
  private Registry registry;
  private int version;
  private Path stored;

  @Setup(Level.Trial)
  public void createArtifactAndRegistry() {
    dir = BenchFiles.scratch("register-bench-");
    artifact = BenchFiles.randomFile(dir, "model.bin", sizeMiB, 42);
    copies = dir.resolve("copies");
    copied = copies.resolve(artifact.getFileName());
    try {
      Files.createDirectories(copies);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry =
        Registry.init(dir.resolve("registry.git").toString(), Policy.defaults(List.of()), WHO);
  }

  /** Keeps the artifact in the page cache whatever the previous operation evicted. */
  @Setup(Level.Invocation)
  public void warm() {
    BenchFiles.warm(artifact);
  }

  /** Removes what the operation wrote, so the next one writes it again in full. */
  @TearDown(Level.Invocation)
  public void removeOutputs() {
    if (stored != null) {
      BenchFiles.deleteIfExists(stored);
      stored = null;
    }
    BenchFiles.deleteIfExists(copied);
  }

  @TearDown(Level.Trial)
  public void removeAll() {
    registry.close();
    BenchFiles.deleteTree(dir);
  }

  @Benchmark
  public Registration register() {
    Registration r =
        registry
            .register()
            .model("bench_model")
            .version("v1.0." + version++)
            .artifact(artifact)
            .metadata(ModelMetadata.ofMetrics(Map.of("ic", 0.05)))
            .call();
    if (r.alreadyRegistered()) {
      throw new IllegalStateException("took the already-registered path; the benchmark is wrong");
    }
    stored = r.storedAt();
    return r;
  }

  @Benchmark
  public void opensslDgst() {
    BenchFiles.run("openssl", "dgst", "-sha256", artifact.toString());
  }

  @Benchmark
  public void cp() {
    BenchFiles.run("cp", artifact.toString(), copies.toString());
  }

  @Benchmark
  public void cpThenSync() {
    BenchFiles.run("cp", artifact.toString(), copies.toString());
    BenchFiles.run("sync", copied.toString());
  }
}
