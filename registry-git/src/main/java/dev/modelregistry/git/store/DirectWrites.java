package dev.modelregistry.git.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the stores, the cache and {@code pull} open the temporary file a large copy goes to: by
 * direct I/O from {@link LocalArtifactStore#DIRECT_IO_FROM} on where the file system allows it (see
 * {@link LocalArtifactStore#directIoAlignment}), through the page cache otherwise. Fresh page-cache
 * pages are what is slow to get on a virtual machine; a direct write goes to disk as it comes.
 */
public final class DirectWrites {
  private DirectWrites() {}

  /** The alignment to write {@code size} bytes to {@code file} with; 0 for the page cache. */
  public static int alignmentFor(Path file, long size) {
    return size >= LocalArtifactStore.DIRECT_IO_FROM
        ? LocalArtifactStore.directIoAlignment(file)
        : 0;
  }

  /**
   * Opens the existing {@code file} for writing, truncated, with direct I/O if {@code alignment >
   * 0}; the caller truncates it to the bytes copied afterwards (direct writes pad the last block).
   */
  public static FileChannel open(Path file, int alignment) throws IOException {
    return alignment > 0
        ? FileChannel.open(
            file,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING,
            com.sun.nio.file.ExtendedOpenOption.DIRECT)
        : FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
