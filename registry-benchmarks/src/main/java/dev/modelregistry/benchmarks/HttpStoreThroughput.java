package dev.modelregistry.benchmarks;

import dev.modelregistry.git.Committer;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.store.ArtifactCache;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.HttpArtifactStore;
import dev.modelregistry.git.store.HttpTimeouts;
import dev.modelregistry.git.store.StoreKey;
import dev.modelregistry.git.store.StoreLogins;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.StorePolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Upload and download of one large artifact through the HTTP store against {@code curl} to and from
 * the same server (the loopback artifact server in its own JVM), alternating in one run, and the
 * second read of the version served from the cache. Not JMH: each operation is seconds of I/O
 * against another process, and curl is a process too.
 *
 * <pre>
 * java -cp registry-benchmarks/target/benchmarks.jar dev.modelregistry.benchmarks.HttpStoreThroughput \
 *     [mib=1024] [rounds=5]
 * </pre>
 *
 * <ul>
 *   <li>upload: {@code curl -T FILE URL} against {@link HttpArtifactStore#put} (a PUT with the
 *       sha256 computed while the body streams);
 *   <li>download: {@code curl -o OUT URL} against {@link ArtifactCache#fetch} into an empty cache
 *       (a GET, hashed while it streams to disk, checked, renamed into place);
 *   <li>cached: a second {@code pull} of a registered version through the public API, served from
 *       the cache (checked while copied to the output, which is forced to disk), no request.
 * </ul>
 */
public final class HttpStoreThroughput {
  private HttpStoreThroughput() {}

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = BenchFiles.scratch("http-store-");
    Process server = startServer(dir.resolve("server"));
    try {
      URI base =
          URI.create(
              new BufferedReader(
                      new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                  .readLine());
      run(dir, base, mib, rounds);
    } finally {
      server.getOutputStream().close();
      server.waitFor();
      BenchFiles.deleteTree(dir);
    }
  }

  private static Process startServer(Path root) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            ArtifactServerProcess.class.getName(),
            root.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static void run(Path dir, URI base, int mib, int rounds) throws Exception {
    Path file = BenchFiles.randomFile(dir, "model.bin", mib, 42);
    HttpArtifactStore store =
        new HttpArtifactStore(
            base.resolve("models/"), null, StoreLogins.NONE, HttpTimeouts.DEFAULT);
    List<Double> curlUp = new ArrayList<>();
    List<Double> oursUp = new ArrayList<>();
    List<Double> curlDown = new ArrayList<>();
    List<Double> oursDown = new ArrayList<>();
    List<Double> cached = new ArrayList<>();
    ArtifactPointer pointer = null;
    for (int round = 0; round < rounds; round++) {
      boolean curlFirst =
          round % 2 == 0; // alternate who goes first: neither always gets a warm cache
      for (int turn = 0; turn < 2; turn++) {
        if ((turn == 0) == curlFirst) {
          URI target = base.resolve("curl/" + round + "/model.bin");
          curlUp.add(
              seconds(
                  () ->
                      BenchFiles.run(
                          "curl", "-sS", "-f", "-T", file.toString(), target.toString())));
        } else {
          ArtifactStore.Stored[] s = {null};
          StoreKey key = new StoreKey("bench", "v" + round + ".0.0", "model.bin");
          oursUp.add(seconds(() -> s[0] = store.put(file, key, ArtifactStore.CopyProgress.NONE)));
          pointer = new ArtifactPointer(s[0].uri(), s[0].sha256(), s[0].size(), null, "model.bin");
        }
      }
      ArtifactPointer p = pointer;
      for (int turn = 0; turn < 2; turn++) {
        if ((turn == 0) == curlFirst) {
          Path out = dir.resolve("curl-out.bin");
          BenchFiles.deleteIfExists(out);
          curlDown.add(
              seconds(() -> BenchFiles.run("curl", "-sS", "-f", "-o", out.toString(), p.uri())));
        } else {
          Path cacheDir = dir.resolve("cache-" + round);
          oursDown.add(
              seconds(
                  () ->
                      new ArtifactCache(cacheDir.resolve("artifacts"))
                          .fetch(store, p, ArtifactStore.CopyProgress.NONE)));
          int r = round;
          secondPull(dir, cacheDir, base, file, r);
          cached.add(lastPull);
          BenchFiles.deleteTree(cacheDir);
        }
      }
      System.out.printf(
          "round %d: upload curl %.3f s, ours %.3f s; download curl %.3f s, ours %.3f s; cached %.3f s%n",
          round, last(curlUp), last(oursUp), last(curlDown), last(oursDown), last(cached));
    }
    double up = median(oursUp) / median(curlUp);
    double down = median(oursDown) / median(curlDown);
    System.out.printf(
        "%d MiB, median of %d: upload curl %.3f s (%.0f MiB/s), ours %.3f s (%.0f MiB/s), %.2fx;"
            + " download curl %.3f s (%.0f MiB/s), ours %.3f s (%.0f MiB/s), %.2fx;"
            + " second read from the cache %.3f s%n",
        mib,
        rounds,
        median(curlUp),
        mib / median(curlUp),
        median(oursUp),
        mib / median(oursUp),
        up,
        median(curlDown),
        mib / median(curlDown),
        median(oursDown),
        mib / median(oursDown),
        down,
        median(cached));
  }

  /**
   * A registry on the same store with the version registered, pulled twice through the public API
   * with {@code cacheDir} as its cache: the first pull fills the cache, the second is timed by the
   * caller. Registers in the first round only.
   */
  private static void secondPull(Path dir, Path cacheDir, URI base, Path file, int round) {
    RegistryOptions options = RegistryOptions.in(cacheDir);
    Path repo = dir.resolve("registry.git");
    Registry r =
        Files.exists(repo)
            ? Registry.open(repo.toString(), options)
            : Registry.init(
                repo.toString(),
                Policy.defaults(List.of()).withStore(StorePolicy.http(base + "registry/", null)),
                new Committer("Bench", "bench@example.com"),
                null,
                options);
    try (r) {
      if (r.list().model("bench").call().isEmpty()) {
        r.register().model("bench").version("v1.0.0").artifact(file).call();
      }
      Path out = dir.resolve("pulled.bin");
      r.pull().model("bench").version("v1.0.0").to(out).force(true).call(); // fills the cache
      long t = System.nanoTime();
      r.pull().model("bench").version("v1.0.0").to(out).force(true).call();
      lastPull = (System.nanoTime() - t) / 1e9;
    }
  }

  private static double lastPull;

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static double seconds(Step s) throws Exception {
    long t = System.nanoTime();
    s.run();
    return (System.nanoTime() - t) / 1e9;
  }

  private static double last(List<Double> l) {
    return l.get(l.size() - 1);
  }

  private static double median(List<Double> l) {
    double[] a = l.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
