package dev.modelregistry.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * With {@code REGISTRY_TRACE_PERFORMANCE=1} (as git's {@code GIT_TRACE_PERFORMANCE}), prints on
 * standard error where a command's time went: the JVM's start, parsing the command line, opening
 * the registry, the operation, printing. How docs/BENCHMARKS.md splits a command's time, and how a
 * user can see what makes one slow on their machine.
 */
final class Timings {
  private final boolean on;
  private final long start = System.nanoTime();
  private long last = start;
  private final List<String> marks = new ArrayList<>();
  private final Warmup warmup;

  Timings(boolean on, Warmup warmup) {
    this.on = on;
    this.warmup = warmup;
    if (on) {
      marks.add("jvm start to main " + (ManagementFactory.getRuntimeMXBean().getUptime()) + " ms");
    }
  }

  /** Notes the time since the previous mark as {@code phase}. */
  void mark(String phase) {
    if (on) {
      long now = System.nanoTime();
      marks.add(phase + " " + (now - last) / 1_000_000 + " ms");
      last = now;
    }
  }

  /** Prints the marks, one line, on {@code terminal}'s standard error. */
  void print(Terminal terminal) {
    if (on) {
      String warm = warmup.report();
      terminal
          .err()
          .println(
              "registry: timings: "
                  + String.join(", ", marks)
                  + "; total since main "
                  + (System.nanoTime() - start) / 1_000_000
                  + " ms"
                  + (warm.isEmpty() ? "" : "; " + warm));
      terminal.err().flush();
    }
  }
}
