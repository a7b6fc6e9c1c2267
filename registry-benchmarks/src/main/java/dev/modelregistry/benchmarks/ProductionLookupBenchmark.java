package dev.modelregistry.benchmarks;

import dev.modelregistry.git.*;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.Policy;
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
 * "What runs in production now?" on generated registries of 1k, 10k and 100k versions of one model,
 * each with 10,000 promotions on {@code production}, verified cache present (warm). Every operation
 * opens the registry, as a deploy job or a CLI call would.
 *
 * <ul>
 *   <li>{@code history}: the public way to get one model's record before {@code current()}, {@code
 *       history().model(m)}: reads (and parses) every promotion of the model. Kept for comparison.
 *   <li>{@code status}: every environment's records, with the counts: reads every version's pointer
 *       (through the catalogue's version index).
 *   <li>{@code current}: the public API for the question, {@code
 *       current().model(m).environment(e).call()}: verifies what is new on the branch (nothing,
 *       cache warm) and reads one record at the tip. (It replaces {@code snapshotCurrent}, the
 *       package-private {@code Snapshot.environment(e).current(m)}, which it now calls.)
 *   <li>{@code gitCatFile}: {@code git cat-file blob production:production/<model>.yaml},
 *       unverified: the floor.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(1)
public class ProductionLookupBenchmark {
  static final int PROMOTIONS = 10_000;
  private static final ModelName MODEL = ModelName.of(BenchRegistries.MODEL);

  @Param({"1000", "10000", "100000"})
  public int versions;

  private BenchRegistries.Generated reg;
  private String expected;

  @Setup(Level.Trial)
  public void copyRegistry() {
    reg = BenchRegistries.copy(BenchRegistries.get(versions, PROMOTIONS), "lookup-");
    expected = reg.version((PROMOTIONS - 1) % versions);
  }

  @TearDown(Level.Trial)
  public void deleteCopy() {
    BenchRegistries.deleteTree(reg.root());
  }

  private String check(String version) {
    if (!expected.equals(version)) {
      throw new IllegalStateException("production runs " + version + ", expected " + expected);
    }
    return version;
  }

  @Benchmark
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public String history() {
    try (Registry r = Registry.open(reg.gitDir().toString())) {
      return check(r.history().model(MODEL.value()).call().entries().get(0).record().version());
    }
  }

  @Benchmark
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public String status() {
    try (Registry r = Registry.open(reg.gitDir().toString())) {
      List<EnvironmentRecord> running = r.status().call().running().get(Policy.PRODUCTION);
      return check(running.get(0).version());
    }
  }

  @Benchmark
  public String current() {
    try (Registry r = Registry.open(reg.gitDir().toString())) {
      return check(
          r.current()
              .model(MODEL.value())
              .environment(Policy.PRODUCTION)
              .call()
              .orElseThrow()
              .version());
    }
  }

  @Benchmark
  public String gitCatFile() {
    String yaml =
        Cli.run(
            reg.gitDir(),
            Map.of(),
            null,
            "git",
            "cat-file",
            "blob",
            "production:production/" + MODEL.value() + ".yaml");
    if (!yaml.contains("version: \"" + expected + "\"")) {
      throw new IllegalStateException(yaml);
    }
    return yaml;
  }
}
