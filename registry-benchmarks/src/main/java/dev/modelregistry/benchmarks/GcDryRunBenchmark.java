package dev.modelregistry.benchmarks;

import dev.modelregistry.git.GcReport;
import dev.modelregistry.git.Registry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
  @Benchmark
  public GcReport dryRun(TenThousandVersions r) {
    try (Registry registry = Registry.open(r.url())) {
      GcReport report = registry.gc().call();
      if (!report.dryRun() || report.candidates().isEmpty()) {
        throw new IllegalStateException("expected a dry run with candidates: " + report);
      }
      return report;
    }
  }
}
