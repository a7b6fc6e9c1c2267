package dev.modelregistry.benchmarks;

import dev.modelregistry.git.*;
import java.time.Instant;
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
 * "What ran in production at instant T?" over 10,000 signed promotions (10k versions), against the
 * git CLI. T is 30 s after promotion 5,000, so the answer is in the middle of the history.
 *
 * <ul>
 *   <li>{@code cold}: {@code Registry.open} + {@code history().model(m).at(T).inForce()}, with
 *       {@code verified}, {@code tips} and {@code main-history-3} of the local state deleted before
 *       each operation: every signature is verified. Against {@code gitLogSignatures}: {@code git
 *       log --format=%G? production} with {@code gpg.ssh.allowedSignersFile} (git runs {@code
 *       ssh-keygen -Y verify} per commit).
 *   <li>{@code warm}: the same with the cache present (a new {@code Registry} each time, so the
 *       cache file is read); {@code warmOpenRegistry}: one {@code Registry} kept open (the cache is
 *       in memory). Against {@code gitLogBefore}: {@code git log -1 --before=T production --
 *       production/<model>.yaml}, unverified. {@code inForce()} walks the commits newer than T
 *       without parsing their records.
 *   <li>{@code warmFullHistory}: kept for comparison, the warm query through {@code at(T).call()},
 *       which builds (and parses) every entry of the history.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class PointInTimeBenchmark {
  static final int PROMOTIONS = 10_000;

  @Param({"10000"})
  public int versions;

  private BenchRegistries.Generated reg;
  private Instant at;
  private String expected;
  private Registry open;

  @Setup(Level.Trial)
  public void copyRegistry() {
    reg = BenchRegistries.copy(BenchRegistries.get(versions, PROMOTIONS), "pit-");
    at = reg.promotedAt(PROMOTIONS / 2).plusSeconds(30);
    expected = reg.version((PROMOTIONS / 2) % versions);
    open = Registry.open(reg.gitDir().toString());
  }

  @TearDown(Level.Trial)
  public void deleteCopy() {
    open.close();
    BenchRegistries.deleteTree(reg.root());
  }

  /**
   * State for the cold runs: the verified cache and the tip journal deleted before each operation.
   */
  @State(Scope.Benchmark)
  public static class Cold {
    @Setup(Level.Invocation)
    public void forget(PointInTimeBenchmark b) {
      BenchRegistries.forgetVerified(b.reg);
    }
  }

  /** The public point-in-time answer: {@code history().model(m).at(T).inForce()}. */
  private String query(Registry r) {
    return check(
        r.history().model(BenchRegistries.MODEL).at(at).inForce().orElseThrow().record().version());
  }

  /**
   * The same question through {@code at(T).call()}, which builds every entry of the history (the
   * path measured before).
   */
  private String queryFullHistory(Registry r) {
    HistoryCommand.History h = r.history().model(BenchRegistries.MODEL).at(at).call();
    return check(h.inForce().orElseThrow().record().version());
  }

  private String check(String v) {
    if (!v.equals(expected)) {
      throw new IllegalStateException("in force at " + at + ": " + v + ", expected " + expected);
    }
    return v;
  }

  @Benchmark
  @Warmup(iterations = 1)
  @Measurement(iterations = 2)
  public String cold(Cold forgotten) {
    try (Registry r = Registry.open(reg.gitDir().toString())) {
      return query(r);
    }
  }

  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public long gitLogSignatures() {
    String out =
        Cli.run(
            reg.gitDir(),
            Map.of(),
            null,
            "git",
            "-c",
            "gpg.ssh.allowedSignersFile=" + reg.allowedSigners(),
            "log",
            "--format=%G?",
            "production");
    long good = out.lines().filter("G"::equals).count();
    if (good != PROMOTIONS) {
      throw new IllegalStateException(good + " good signatures, expected " + PROMOTIONS);
    }
    return good;
  }

  @Benchmark
  @Warmup(iterations = 3)
  @Measurement(iterations = 8)
  public String warm() {
    try (Registry r = Registry.open(reg.gitDir().toString())) {
      return query(r);
    }
  }

  @Benchmark
  @Warmup(iterations = 3)
  @Measurement(iterations = 8)
  public String warmOpenRegistry() {
    return query(open);
  }

  @Benchmark
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public String warmFullHistory() {
    try (Registry r = Registry.open(reg.gitDir().toString())) {
      return queryFullHistory(r);
    }
  }

  @Benchmark
  @Warmup(iterations = 3)
  @Measurement(iterations = 8)
  public String gitLogBefore() {
    String out =
        Cli.run(
                reg.gitDir(),
                Map.of(),
                null,
                "git",
                "log",
                "-1",
                "--format=%H",
                "--before=@" + at.getEpochSecond(),
                "production",
                "--",
                "production/" + BenchRegistries.MODEL + ".yaml")
            .strip();
    if (out.length() != 40) {
      throw new IllegalStateException(out);
    }
    return out;
  }
}
