package dev.modelregistry.benchmarks;

import dev.modelregistry.git.*;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.SafeMapper;
import java.time.Instant;
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
 * {@code promote} and {@code rollback} through the public API, against the {@code git} CLI making
 * the same signed one-file commit, on generated registries of 1k, 10k and 100k versions (each with
 * 10,000 promotions on production, verified cache present). The registry is a scratch copy of the
 * cached one, opened once per trial (a long-lived process); every operation passes the signing key
 * path, as the Maven goal does.
 *
 * <p>{@code gitCommit} is five processes on branch {@code cli-production} of the same repository:
 * {@code git hash-object -w --stdin} (the record), two {@code git mktree} (the {@code production/}
 * directory, the root), {@code git commit-tree -S} with {@code gpg.format=ssh} and {@code
 * user.signingkey} (the same key; the same message with trailers), {@code git update-ref} with the
 * old value (compare-and-swap). It checks no gate, verifies nothing and reads no catalogue.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(1)
public class PromoteRollbackBenchmark {
  static final int PROMOTIONS = 10_000;

  @State(Scope.Benchmark)
  public static class Reg {
    @Param({"1000", "10000", "100000"})
    public int versions;

    BenchRegistries.Generated reg;
    Registry registry;
    int n;

    @Setup(Level.Trial)
    public void copyAndOpen() {
      reg = BenchRegistries.copy(BenchRegistries.get(versions, PROMOTIONS), "promote-");
      registry = Registry.open(reg.gitDir().toString());
    }

    @TearDown(Level.Trial)
    public void closeAndDelete() {
      registry.close();
      BenchRegistries.deleteTree(reg.root());
    }

    Promotion promote(String version) {
      Promotion p =
          registry
              .promote()
              .model(BenchRegistries.MODEL)
              .version(version)
              .reason("benchmark")
              .signingKey(reg.key())
              .call();
      if (p.alreadyThere() || p.commit() == null) {
        throw new IllegalStateException("no commit written for " + version);
      }
      return p;
    }
  }

  /**
   * A one-shot call, as a Maven goal or a script makes it: open the registry, promote, close. It
   * pays what a long-lived process pays once: opening the packs and indexing the model's versions.
   */
  @Benchmark
  public Promotion promoteOneShot(Reg r) {
    try (Registry fresh = Registry.open(r.reg.gitDir().toString())) {
      Promotion p =
          fresh
              .promote()
              .model(BenchRegistries.MODEL)
              .version(r.reg.version(1 + (r.n++ & 1)))
              .reason("benchmark")
              .signingKey(r.reg.key())
              .call();
      if (p.alreadyThere() || p.commit() == null) {
        throw new IllegalStateException("no commit written");
      }
      return p;
    }
  }

  /** Before each rollback: a promotion for it to take back. */
  @State(Scope.Benchmark)
  public static class PromotedFirst {
    @Setup(Level.Invocation)
    public void promote(Reg r) {
      r.promote(r.reg.version(3 + (r.n++ & 1)));
    }
  }

  @Benchmark
  public Promotion promote(Reg r) {
    return r.promote(r.reg.version(1 + (r.n++ & 1)));
  }

  @Benchmark
  public Rollback rollback(Reg r, PromotedFirst promoted) {
    Rollback rb =
        r.registry
            .rollback()
            .model(BenchRegistries.MODEL)
            .reason("benchmark rollback")
            .signingKey(r.reg.key())
            .call();
    if (rb.commit() == null || rb.reverted() == null) {
      throw new IllegalStateException("rollback wrote nothing");
    }
    return rb;
  }

  /** The git CLI's inputs: prepared outside the measurement, as a script would have them. */
  @State(Scope.Benchmark)
  public static class GitInputs {
    String parent;
    String catalog;
    String sha;
    Map<String, String> env;
    String[] commitTree;

    @Setup(Level.Trial)
    public void branch(Reg r) {
      parent = BenchRegistries.tip(r.registry, Policy.PRODUCTION);
      catalog = BenchRegistries.mainTip(r.registry).name();
      Cli.run(
          r.reg.gitDir(), Map.of(), null, "git", "update-ref", "refs/heads/cli-production", parent);
      sha =
          r.registry
              .show()
              .model(BenchRegistries.MODEL)
              .version(r.reg.version(1))
              .call()
              .pointer()
              .sha256()
              .hex();
      env =
          Map.of(
              "GIT_AUTHOR_NAME",
              "Benchmark",
              "GIT_AUTHOR_EMAIL",
              BenchRegistries.PRINCIPAL,
              "GIT_COMMITTER_NAME",
              "Benchmark",
              "GIT_COMMITTER_EMAIL",
              BenchRegistries.PRINCIPAL);
    }
  }

  @Benchmark
  public String gitCommit(Reg r, GitInputs g) {
    String v = r.reg.version(1 + (r.n++ & 1));
    Instant now = Instant.now();
    EnvironmentRecord record =
        new EnvironmentRecord(
            BenchRegistries.MODEL,
            v,
            dev.modelregistry.model.Sha256.parse(g.sha),
            now,
            BenchRegistries.PRINCIPAL,
            "benchmark",
            List.of(new GateResult("metric ic", "> 0.02", "0.05", true)));
    String yaml = SafeMapper.writeYaml(record);
    String message = BenchRegistries.promotionMessage(v, g.sha, g.catalog, "benchmark");
    var dir = r.reg.gitDir();
    String blob = Cli.run(dir, Map.of(), yaml, "git", "hash-object", "-w", "--stdin").strip();
    String sub =
        Cli.run(
                dir,
                Map.of(),
                "100644 blob " + blob + "\t" + BenchRegistries.MODEL + ".yaml\n",
                "git",
                "mktree")
            .strip();
    String root =
        Cli.run(dir, Map.of(), "040000 tree " + sub + "\tproduction\n", "git", "mktree").strip();
    String commit =
        Cli.run(
                dir,
                g.env,
                message,
                "git",
                "-c",
                "gpg.format=ssh",
                "-c",
                "user.signingkey=" + r.reg.key(),
                "commit-tree",
                "-S",
                "-p",
                g.parent,
                root)
            .strip();
    Cli.run(
        dir, Map.of(), null, "git", "update-ref", "refs/heads/cli-production", commit, g.parent);
    g.parent = commit;
    return commit;
  }
}
