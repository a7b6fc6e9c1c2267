package dev.modelregistry.git.internal;

import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.lib.Repository;

/**
 * The pack files of a repository checked whole: each one's trailing SHA-1 over its content, and the
 * pack checksum its index names. JGit, finding a damaged pack, drops it and reports its objects as
 * missing, naming an object id nobody can act on; this names the file (truncated by a full disk,
 * changed by a bad copy), which is what an administrator looks for.
 */
public final class PackCheck {
  private static final int TRAILER = 20; // a SHA-1
  private static final byte[] MAGIC = {'P', 'A', 'C', 'K'};

  private PackCheck() {}

  /** One damaged pack file: its path and what is wrong with it. */
  public record Damaged(Path pack, String problem) {
    @Override
    public String toString() {
      return pack.getFileName() + " " + problem;
    }
  }

  /** The damaged pack files of {@code repo}; empty if every pack is whole. */
  public static List<Damaged> of(Repository repo) {
    Path dir = repo.getDirectory().toPath().resolve("objects").resolve("pack");
    List<Damaged> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    List<Path> packs = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "pack-*.pack")) {
      s.forEach(packs::add);
    } catch (IOException e) {
      out.add(new Damaged(dir, "cannot be listed: " + e.getMessage()));
      return out;
    }
    packs.sort(null);
    for (Path pack : packs) {
      String problem = problem(pack);
      if (problem != null) {
        out.add(new Damaged(pack, problem));
      }
    }
    return out;
  }

  /**
   * The exception for a registry that cannot be read: JGit's words, and the damaged pack files if
   * any are (that is nearly always why), with the way out.
   */
  public static RegistryUnavailableException unreadable(
      Repository repo, String location, IOException e) {
    List<Damaged> damaged = of(repo);
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (damaged.isEmpty()) {
      return new RegistryUnavailableException(
          "Cannot read the registry at " + location + ": " + detail, e);
    }
    return new RegistryUnavailableException(
        "Cannot read the registry at "
            + location
            + ": "
            + detail
            + ". Its object database is damaged: "
            + String.join("; ", damaged.stream().map(Damaged::toString).toList())
            + " (in "
            + damaged.get(0).pack().getParent()
            + "). Restore the registry from a backup (restore): it checks the backup first and"
            + " keeps this registry aside as it is.",
        e);
  }

  private static String problem(Path pack) {
    String name = pack.getFileName().toString();
    Path idx = pack.resolveSibling(name.substring(0, name.length() - ".pack".length()) + ".idx");
    try {
      long size = Files.size(pack);
      if (size < MAGIC.length + 8 + TRAILER) {
        return "is truncated: " + size + " bytes, too short for a pack";
      }
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] trailer = new byte[TRAILER];
      byte[] head = new byte[MAGIC.length];
      try (InputStream in = Files.newInputStream(pack, LinkOption.NOFOLLOW_LINKS)) {
        long left = size - TRAILER;
        byte[] buf = new byte[1 << 16];
        boolean first = true;
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            return "is shorter than it was a moment ago: it is being written or truncated";
          }
          if (first) {
            System.arraycopy(buf, 0, head, 0, Math.min(n, head.length));
            first = false;
          }
          sha1.update(buf, 0, n);
          left -= n;
        }
        if (in.readNBytes(trailer, 0, TRAILER) != TRAILER) {
          return "is truncated";
        }
      }
      if (!Arrays.equals(head, MAGIC)) {
        return "is not a pack file (it does not start with PACK)";
      }
      byte[] content = sha1.digest();
      if (!Arrays.equals(content, trailer)) {
        return "is damaged: its content does not match its own checksum (truncated, or changed"
            + " after it was written)";
      }
      if (!Files.isRegularFile(idx, LinkOption.NOFOLLOW_LINKS)) {
        return "has no index " + idx.getFileName();
      }
      byte[] named = packChecksumOf(idx);
      if (named == null || !Arrays.equals(named, trailer)) {
        return "does not match its index " + idx.getFileName() + " (one of them was replaced)";
      }
      return null;
    } catch (IOException e) {
      return "cannot be read: " + e.getMessage();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is a required algorithm", e);
    }
  }

  /** The pack checksum an index names: the 20 bytes before its own trailing checksum. */
  private static byte[] packChecksumOf(Path idx) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(idx, LinkOption.NOFOLLOW_LINKS)) {
      if (ch.size() < 2L * TRAILER) {
        return null;
      }
      ch.position(ch.size() - 2L * TRAILER);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(TRAILER);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // read it all
      }
      return b.hasRemaining() ? null : b.array();
    }
  }
}
