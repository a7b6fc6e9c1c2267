package dev.modelregistry.benchmarks;

import dev.modelregistry.git.*;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the git CLI for the baselines: stdin in, stdout out, fails unless it exits 0. */
final class Cli {
  private Cli() {}

  static String run(Path dir, Map<String, String> env, String stdin, String... command) {
    try {
      ProcessBuilder b =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      b.environment().putAll(env);
      Process p = b.start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      if (code != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + code);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
