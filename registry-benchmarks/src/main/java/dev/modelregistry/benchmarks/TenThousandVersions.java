package dev.modelregistry.benchmarks;

import dev.modelregistry.git.BenchRegistries;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A benchmark's own copy of the generated registry of whole-registry benchmarks (verify, gc's dry
 * run): 10,000 versions registered ten per commit on main and 1,000 signed promotions, copied from
 * {@link BenchRegistries}'s cache for each trial and deleted after it.
 */
@State(Scope.Benchmark)
public class TenThousandVersions {
  @Param({"10000"})
  public int versions;

  @Param({"1000"})
  public int promotions;

  @Param({"10"})
  public int perCommit;

  BenchRegistries.Generated reg;

  @Setup(Level.Trial)
  public void copy() {
    reg = BenchRegistries.copy(BenchRegistries.get(versions, promotions, perCommit), "whole-");
  }

  @TearDown(Level.Trial)
  public void delete() {
    BenchRegistries.deleteTree(reg.root());
  }

  /** The copy's Git directory, as a registry URL. */
  String url() {
    return reg.gitDir().toString();
  }
}
