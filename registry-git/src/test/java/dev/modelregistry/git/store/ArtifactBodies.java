package dev.modelregistry.git.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The byte-level helpers of {@link ArtifactHandler}: range parsing and the streaming copy. */
final class ArtifactBodies {
  /** The copy buffer: large enough for throughput, small enough that no body sits in memory. */
  private static final int BUFFER = 64 * 1024;

  private ArtifactBodies() {}

  /**
   * {@code {from, to}} for a satisfiable {@code bytes=N-} or {@code bytes=N-M}, {@code {}} for a
   * range this server ignores (served whole, as RFC 9110 allows), null if unsatisfiable.
   */
  static long[] parseRange(String range, long size) {
    if (!range.startsWith("bytes=") || range.contains(",")) {
      return new long[0];
    }
    String spec = range.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash <= 0) {
      return new long[0]; // suffix ranges (bytes=-N) are not needed by the store
    }
    try {
      long from = Long.parseLong(spec.substring(0, dash));
      String end = spec.substring(dash + 1);
      long to = end.isEmpty() ? size - 1 : Math.min(Long.parseLong(end), size - 1);
      if (from >= size || to < from) {
        return null;
      }
      return new long[] {from, to};
    } catch (NumberFormatException e) {
      return new long[0];
    }
  }

  /** Copies up to {@code limit} bytes, at about {@code bytesPerSecond} if that is not 0. */
  static void copy(InputStream in, OutputStream out, long limit, long bytesPerSecond)
      throws IOException, InterruptedException {
    // when throttled, small chunks so that the rate holds within a tenth of a second
    int chunk =
        bytesPerSecond > 0 ? (int) Math.max(1, Math.min(BUFFER, bytesPerSecond / 10)) : BUFFER;
    byte[] buffer = new byte[chunk];
    long start = System.nanoTime();
    long copied = 0;
    while (copied < limit) {
      int n = in.read(buffer, 0, (int) Math.min(chunk, limit - copied));
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      copied += n;
      if (bytesPerSecond > 0) {
        long due = start + copied * 1_000_000_000L / bytesPerSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    }
  }
}
