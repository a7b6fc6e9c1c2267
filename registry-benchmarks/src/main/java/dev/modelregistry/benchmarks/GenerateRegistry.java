package dev.modelregistry.benchmarks;

import dev.modelregistry.git.BenchRegistries;

/**
 * Generates (or finds, cached under {@code -Dbench.registries}, default {@code
 * /tmp/registry-bench}) the registry that {@code registry-benchmarks/scripts/cli-vs-gto.sh} times
 * the {@code registry} command on: {@code BenchRegistries.get(versions, versions / 2, 1)}, i.e.
 * {@code versions} versions of {@value BenchRegistries#MODEL}, one register commit each on main (as
 * {@code register} writes them), and {@code versions / 2} signed promotions on production cycling
 * through the versions.
 *
 * <pre>
 * java -cp registry-benchmarks/target/benchmarks.jar dev.modelregistry.benchmarks.GenerateRegistry 1500
 * </pre>
 *
 * <p>Besides the generator's own {@code [generate]} lines, prints {@code key=value} lines for the
 * script: {@code root} (copy this directory whole), {@code gitDir}, {@code key} (the trusted
 * signer's private key), {@code model}, {@code production} (the version in production now), {@code
 * previous} (the one in production before it: where a rollback goes), {@code unpromoted} (the
 * newest version, never promoted: what a promote puts live) and {@code versions}/{@code
 * promotions}.
 */
public final class GenerateRegistry {
  private GenerateRegistry() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println(
          "usage: GenerateRegistry VERSIONS   (at least 4: promotions = VERSIONS/2 >= 2)");
      System.exit(2);
    }
    int versions = Integer.parseInt(args[0]);
    int promotions = versions / 2;
    if (promotions < 2) {
      System.err.println(
          "VERSIONS must be at least 4, so that production has a previous version to roll back to");
      System.exit(2);
    }
    BenchRegistries.Generated g = BenchRegistries.get(versions, promotions, 1);
    // Promotion i put version (i % versions) live; promotions < versions, so the last two
    // promotions
    // name two distinct versions and the newest version was never promoted.
    System.out.println("root=" + g.root());
    System.out.println("gitDir=" + g.gitDir());
    System.out.println("key=" + g.key());
    System.out.println("model=" + BenchRegistries.MODEL);
    System.out.println("production=" + g.version((promotions - 1) % versions));
    System.out.println("previous=" + g.version((promotions - 2) % versions));
    System.out.println("unpromoted=" + g.version(versions - 1));
    System.out.println("versions=" + versions);
    System.out.println("promotions=" + promotions);
  }
}
