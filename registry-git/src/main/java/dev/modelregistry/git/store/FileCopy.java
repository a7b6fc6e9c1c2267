package dev.modelregistry.git.store;

import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Whole-file copies and hashes for files outside the store (backups): never through a symbolic
 * link, and a copy forced to disk before the caller gives it a name, as the store does its own.
 */
public final class FileCopy {
  private FileCopy() {}

  /** A file's sha256 and size, as read. */
  public record Hashed(Sha256 sha256, long size) {}

  /** Hashes {@code file}, refusing to follow a symbolic link at its end. */
  public static Hashed hash(Path file) throws IOException {
    MessageDigest digest = Hashing.sha256();
    long size = 0;
    try (FileChannel in =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(Hashing.BUFFER);
      for (int n; (n = in.read(buf)) >= 0; ) {
        buf.flip();
        digest.update(buf);
        buf.clear();
        size += n;
      }
    }
    return new Hashed(Sha256.of(digest.digest()), size);
  }

  /**
   * Copies {@code source} to {@code target}, a file that must not exist yet, hashing the bytes in
   * the same pass ({@link HashingCopy}), and forces it to disk. Neither end follows a symbolic
   * link.
   */
  public static Hashed copy(Path source, Path target, ArtifactStore.CopyProgress progress)
      throws IOException {
    MessageDigest digest = Hashing.sha256();
    try (FileChannel in =
            FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        FileChannel out =
            FileChannel.open(
                target,
                StandardOpenOption.WRITE,
                StandardOpenOption.CREATE_NEW,
                LinkOption.NOFOLLOW_LINKS)) {
      long copied = HashingCopy.copy(in, out, digest, in.size(), progress);
      out.force(true);
      return new Hashed(Sha256.of(digest.digest()), copied);
    }
  }
}
