package dev.modelregistry.benchmarks;

import dev.modelregistry.git.Registration;
import dev.modelregistry.git.Registry;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.Policy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Registers one artifact of the given size in MiB into a fresh registry and prints the heap it
 * took. Run with a small heap to show that register streams:
 *
 * <pre>
 * java -Xmx32m -cp registry-benchmarks/target/benchmarks.jar dev.modelregistry.benchmarks.HeapCheck 1024
 * </pre>
 *
 * <p>"peak heap" is the sum over heap pools of their peak usage since just before the call (after a
 * GC); "allocated" is what the calling thread allocated during the call.
 */
public final class HeapCheck {
  private HeapCheck() {}

  public static void main(String[] args) {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    Path dir = BenchFiles.scratch("heap-check-");
    try {
      Path artifact = BenchFiles.randomFile(dir, "model.bin", mib, 42);
      try (Registry registry =
          Registry.init(
              dir.resolve("registry.git").toString(),
              Policy.defaults(List.of()),
              new dev.modelregistry.git.Committer("Benchmark", "benchmark@example.com"))) {
        // Warm-up registration of a tiny file, so class loading is not counted as the big one's
        // heap.
        Path tiny = BenchFiles.randomFile(dir, "tiny.bin", 1, 7);
        registry
            .register()
            .model("heap_check")
            .version("v0.0.1")
            .artifact(tiny)
            .metadata(ModelMetadata.ofMetrics(Map.of()))
            .call();

        System.gc();
        List<MemoryPoolMXBean> heap =
            ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();

        Registration r =
            registry
                .register()
                .model("heap_check")
                .version("v1.0.0")
                .artifact(artifact)
                .metadata(ModelMetadata.ofMetrics(Map.of()))
                .call();

        long millis = (System.nanoTime() - t0) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf(
            "size=%d MiB registered=%s bytes=%d time=%d ms max-heap=%.1f MiB heap-before=%.1f MiB peak-heap=%.1f MiB allocated=%.1f MiB%n",
            mib,
            r.pointer().sha256().abbreviated(),
            r.pointer().size(),
            millis,
            mb(max),
            mb(before),
            mb(peak),
            mb(allocated));
      }
    } finally {
      BenchFiles.deleteTree(dir);
    }
  }

  private static double mb(long bytes) {
    return bytes / (double) BenchFiles.MIB;
  }
}
