package dev.modelregistry.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.SplittableRandom;

/** Scratch files for the benchmarks: random artifacts, outside the source tree, page cache warm. */
public final class BenchFiles {
  static final int MIB = 1 << 20;

  private BenchFiles() {}

  /**
   * A new scratch directory under {@code -Dbench.dir} (default {@code java.io.tmpdir}). The
   * registry, the artifact and the copies all live there, so they share one file system.
   */
  static Path scratch(String prefix) {
    try {
      Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code mib} MiB of random bytes, forces them to disk (so no writeback of this file
   * overlaps a measurement), then reads the file once so it is in the page cache.
   */
  static Path randomFile(Path dir, String name, int mib, long seed) {
    Path file = dir.resolve(name);
    SplittableRandom random = new SplittableRandom(seed);
    ByteBuffer buf = ByteBuffer.allocateDirect(MIB);
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < mib; i++) {
        buf.clear();
        while (buf.hasRemaining()) {
          buf.putLong(random.nextLong());
        }
        buf.flip();
        while (buf.hasRemaining()) {
          out.write(buf);
        }
      }
      out.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    warm(file);
    return file;
  }

  /** Reads the whole file once: afterwards it is served from the page cache. */
  static void warm(Path file) {
    ByteBuffer buf = ByteBuffer.allocateDirect(MIB);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      while (in.read(buf) >= 0) {
        buf.clear();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command, discarding its output; fails unless it exits 0. */
  static void run(String... command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      int code = p.waitFor();
      if (code != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + code);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Deletes a file if present (read-only files too: deletion needs only the directory). */
  static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a directory tree. */
  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
