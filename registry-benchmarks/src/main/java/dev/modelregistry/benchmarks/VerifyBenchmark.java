package dev.modelregistry.benchmarks;

import dev.modelregistry.git.*;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code verify} of a whole generated registry through the public API, as CI runs it: 10,000
 * versions registered ten per commit (1,000 commits on main, each rewriting the 10,000-entry model
 * tree), 1,000 signed promotions. Each invocation opens the registry, verifies everything
 * (signatures, registered files, artifacts, every object) and closes it; verify trusts no cache, so
 * every run does all the work.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class VerifyBenchmark {
  @Benchmark
  public VerifyCommand.Report verify(TenThousandVersions r) {
    try (Registry registry = Registry.open(r.url())) {
      VerifyCommand.Report report = registry.verify().call();
      if (!report.clean()) {
        throw new IllegalStateException("generated registry does not verify: " + report.findings());
      }
      return report;
    }
  }
}
