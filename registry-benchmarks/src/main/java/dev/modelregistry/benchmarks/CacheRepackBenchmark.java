package dev.modelregistry.benchmarks;

import dev.modelregistry.git.*;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What a repack of a registry's cache costs (docs/BENCHMARKS.md, section 5b): JGit's gc, as the
 * cache's housekeeping runs it, on a copy of a generated registry, against {@code git gc} on
 * another copy. A plain main, one wall-clock figure per run: {@code java -cp benchmarks.jar
 * dev.modelregistry.git.CacheRepackBenchmark} with {@code -Dbench.versions=100000} (default) and
 * {@code -Dbench.reps=3}.
 */
public final class CacheRepackBenchmark {
  private CacheRepackBenchmark() {}

  public static void main(String[] args) throws Exception {
    int versions = Integer.getInteger("bench.versions", 100_000);
    int reps = Integer.getInteger("bench.reps", 3);
    BenchRegistries.Generated source = BenchRegistries.get(versions, 10_000);
    for (int rep = 1; rep <= reps; rep++) {
      BenchRegistries.Generated jgit = BenchRegistries.copy(source, "repack-jgit-");
      BenchRegistries.Generated cli = BenchRegistries.copy(source, "repack-git-");
      try (Repository repo =
          new FileRepositoryBuilder()
              .setGitDir(jgit.gitDir().toFile())
              .setMustExist(true)
              .build()) {
        repo.getConfig().setBoolean("gc", null, "autoDetach", false);
        repo.getConfig().setString("gc", null, "prunePackExpire", "now");
        long start = System.nanoTime();
        Git.wrap(repo).gc().call();
        double jgitSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        Process p =
            new ProcessBuilder("git", "-C", cli.gitDir().toString(), "gc", "-q")
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("git gc failed");
        }
        double gitSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "run %d, %d versions: JGit gc %.1f s, git gc %.1f s%n",
            rep,
            versions,
            jgitSeconds,
            gitSeconds);
      } finally {
        dev.modelregistry.benchmarks.BenchFiles.deleteTree(jgit.root());
        dev.modelregistry.benchmarks.BenchFiles.deleteTree(cli.root());
      }
    }
  }
}
