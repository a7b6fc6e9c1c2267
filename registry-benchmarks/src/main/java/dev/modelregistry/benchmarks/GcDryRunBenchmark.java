package dev.modelregistry.benchmarks;

import dev.modelregistry.git.BenchRegistries;
import dev.modelregistry.git.GcReport;
import dev.modelregistry.git.Registry;
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
 * {@code gc}'s dry run through the public API on a generated registry of 10,000 versions (ten per
 * commit on main) and 1,000 signed promotions cycling through them, as an operator runs it before
 * forcing it: open the registry (its verified cache warm, as on an ops machine that reads it), plan
 * the collection under the default policy, close. The generated versions are older than every
 * window, so the plan judges all 10,000 and reports nearly all of them; their shared artifact stays
 * (the kept versions point to it).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class GcDryRunBenchmark {
  @State(Scope.Benchmark)
  public static class Reg {
    @Param({"10000"})
    public int versions;

    @Param({"1000"})
    public int promotions;

    @Param({"10"})
    public int perCommit;

    BenchRegistries.Generated reg;

    @Setup(Level.Trial)
    public void copy() {
      reg = BenchRegistries.copy(BenchRegistries.get(versions, promotions, perCommit), "gc-");
    }

    @TearDown(Level.Trial)
    public void delete() {
      BenchRegistries.deleteTree(reg.root());
    }
  }

  @Benchmark
  public GcReport dryRun(Reg r) {
    try (Registry registry = Registry.open(r.reg.gitDir().toString())) {
      GcReport report = registry.gc().call();
      if (!report.dryRun() || report.candidates().isEmpty()) {
        throw new IllegalStateException("expected a dry run with candidates: " + report);
      }
      return report;
    }
  }
}
