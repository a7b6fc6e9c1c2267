package dev.modelregistry.maven;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a goal printed on standard output: where {@code registry.format=json} writes its document,
 * even under {@code mvn -q}.
 */
final class StandardOutput {
  /** A goal's run, as a test calls it. */
  @FunctionalInterface
  interface Goal {
    void run() throws Exception;
  }

  private StandardOutput() {}

  /** Runs {@code goal} and returns what it printed on standard output. */
  static String of(Goal goal) throws Exception {
    PrintStream before = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      goal.run();
    } finally {
      System.setOut(before);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
