package dev.modelregistry.benchmarks;

import dev.modelregistry.git.Committer;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.serving.LoadedModel;
import dev.modelregistry.git.serving.LoaderListener;
import dev.modelregistry.git.serving.ModelLoader;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.Policy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The runtime loader on a local registry, through the public API: change-to-callback latency over
 * {@code changes} promotions and rollbacks, then what an idle loader costs (CPU, heap) over {@code
 * idleSeconds} in which nothing changes. Not JMH: a latency is the time from one thread's write to
 * another thread's callback, and idle cost is a steady state, not an operation.
 *
 * <pre>
 * java -cp registry-benchmarks/target/benchmarks.jar dev.modelregistry.benchmarks.LoaderLatency \
 *     [changes=100] [idleSeconds=60] [artifactMiB=1] [pollMillis=100]
 * </pre>
 *
 * <p>Each change is a signed {@code promote} (or the {@code rollback} of it) by a second {@code
 * Registry} in this process, as a person's command in another process would be. The change lands
 * somewhere inside that call, so two latencies are printed: from the end of the call (a lower bound
 * of the true latency, 0 if the callback came first) and from its start (an upper bound, which
 * includes the command's own time). The callback is handed a verified file: the latency includes
 * the verification of the new commit, the download and the sha256 of {@code artifactMiB}.
 */
public final class LoaderLatency {
  private LoaderLatency() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int mib = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int pollMillis = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    Path dir = BenchFiles.scratch("loader-latency-");
    try {
      run(dir, changes, idleSeconds, mib, pollMillis);
    } finally {
      BenchFiles.deleteTree(dir);
    }
  }

  private static void run(Path dir, int changes, int idleSeconds, int mib, int pollMillis)
      throws Exception {
    Path key = dir.resolve("keys/ops");
    String principal = "ops@example.com";
    String pub = SshKeys.generateEd25519(key, principal);
    RegistryOptions options = RegistryOptions.in(dir.resolve("writer-cache"));
    String url = dir.resolve("registry.git").toString();
    try (Registry registry =
        Registry.init(
            url,
            Policy.defaults(List.of(TrustedSigners.line(principal, pub))),
            new Committer("Benchmark", principal),
            CommitSigner.sshKey(key),
            options)) {
      for (String v : List.of("v1.0.0", "v2.0.0")) {
        registry
            .register()
            .model("bench_model")
            .version(v)
            .artifact(BenchFiles.randomFile(dir, v + ".bin", mib, v.hashCode()))
            .metadata(ModelMetadata.ofMetrics(Map.of("ic", 0.05, "sharpe", 1.2)))
            .call();
      }
      registry.promote().model("bench_model").version("v1.0.0").signingKey(key).call();

      BlockingQueue<long[]> callbacks = new LinkedBlockingQueue<>();
      try (ModelLoader loader =
          ModelLoader.follow(url)
              .model("bench_model")
              .options(RegistryOptions.in(dir.resolve("loader-cache")))
              .pollInterval(Duration.ofMillis(pollMillis))
              .onModel(
                  (LoadedModel m) ->
                      callbacks.add(
                          new long[] {
                            System.nanoTime(), m.version().value().startsWith("v2") ? 2 : 1
                          }))
              .listener(LoaderListener.printingTo(System.err))
              .start()) {
        if (loader.awaitModel(Duration.ofSeconds(60)).isEmpty()) {
          throw new IllegalStateException("the loader loaded nothing in 60 s");
        }
        callbacks.clear();
        long[] afterCall = new long[changes];
        long[] fromStart = new long[changes];
        for (int i = 0; i < changes; i++) {
          Thread.sleep(pollMillis + 50L); // changes apart, as people make them
          long start = System.nanoTime();
          int expected;
          if (i % 2 == 0) {
            registry.promote().model("bench_model").version("v2.0.0").signingKey(key).call();
            expected = 2;
          } else {
            registry.rollback().model("bench_model").reason("benchmark").signingKey(key).call();
            expected = 1;
          }
          long end = System.nanoTime();
          long[] got = callbacks.poll(60, TimeUnit.SECONDS);
          if (got == null || got[1] != expected) {
            throw new IllegalStateException("change " + i + ": no callback with the new version");
          }
          afterCall[i] = Math.max(0, got[0] - end);
          fromStart[i] = got[0] - start;
        }
        System.out.printf(
            "change-to-callback over %d changes (poll %d ms, artifact %d MiB):%n"
                + "  from the end of the command:   median %.1f ms, p99 %.1f ms, max %.1f ms%n"
                + "  from the start of the command: median %.1f ms, p99 %.1f ms, max %.1f ms%n",
            changes,
            pollMillis,
            mib,
            ms(percentile(afterCall, 50)),
            ms(percentile(afterCall, 99)),
            ms(percentile(afterCall, 100)),
            ms(percentile(fromStart, 50)),
            ms(percentile(fromStart, 99)),
            ms(percentile(fromStart, 100)));
        idle(idleSeconds, ModelLoader.class.getSimpleName());
      }
    }
  }

  /** CPU and heap while the loader has nothing to do. */
  private static void idle(int seconds, String what) throws InterruptedException {
    Thread.sleep(1000); // the last load's work is done
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Thread worker =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("model-loader "))
            .findFirst()
            .orElseThrow();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    long processBefore = os.getProcessCpuTime();
    long workerBefore = threads.getThreadCpuTime(worker.getId());
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long wall = System.nanoTime() - t0;
    long workerCpu = threads.getThreadCpuTime(worker.getId()) - workerBefore;
    long processCpu = os.getProcessCpuTime() - processBefore;
    System.gc();
    long heapAfter = memory.getHeapMemoryUsage().getUsed();
    System.out.printf(
        "idle %s over %.1f s: loader thread CPU %.1f ms (%.3f %% of one core), whole process CPU %.1f ms;"
            + " heap after GC %.1f MiB before, %.1f MiB after; %d live threads%n",
        what,
        wall / 1e9,
        ms(workerCpu),
        100.0 * workerCpu / wall,
        ms(processCpu),
        heapBefore / 1048576.0,
        heapAfter / 1048576.0,
        Thread.activeCount());
  }

  private static long percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
