package dev.modelregistry.git.store;

import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Removes artifacts from a {@link LocalArtifactStore} that no branch names any more, but only once
 * they have been idle for a while: a registration that stores bytes already there marks them in use
 * ({@link #markInUse}, their modification time set to now) before its commit lands, so bytes that a
 * registration is about to point to again are never taken from under it, even by a writer on
 * another machine that shares the store and whose commit this one cannot see yet.
 *
 * <p>The last check and the removal are one step for such a writer: the file is first moved aside,
 * then its time is read again. A registration that marked it before the move is seen then, and the
 * file goes back; one that comes after the move finds no file and stores its own copy.
 */
public final class IdleArtifacts {
  private static final String ASIDE_PREFIX = "collected-";

  /** What a removal did: the artifacts removed with their bytes, and those kept as in use. */
  public record Swept(List<Sha256> removed, long bytes, List<Sha256> inUse) {}

  private final LocalArtifactStore store;
  private final Duration idle;

  /** Removes from {@code store} only what has been idle for {@code idle} by its file system. */
  public IdleArtifacts(LocalArtifactStore store, Duration idle) {
    this.store = store;
    this.idle = idle;
  }

  /**
   * Marks stored bytes as in use now ({@code now}: the file system's time); false if they are gone
   * (the caller then stores its own copy). Where the file cannot be marked (another user's, on a
   * shared store), it is used as it is: marking protects against gc, it is not the bytes.
   */
  static boolean markInUse(Path stored, FileTime now) {
    try {
      Files.setLastModifiedTime(stored, now);
      return true;
    } catch (NoSuchFileException gone) {
      return false;
    } catch (IOException e) {
      return Files.exists(stored, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /** Every artifact the store holds. */
  public List<Sha256> stored() {
    List<Sha256> out = new ArrayList<>();
    Path top = store.root().resolve("sha256");
    if (!Files.isDirectory(top)) {
      return out;
    }
    try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(top)) {
      for (Path prefix : prefixes) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
          for (Path f : files) {
            String hex = prefix.getFileName().toString() + f.getFileName();
            if (hex.matches("[0-9a-f]{64}")) {
              out.add(new Sha256(hex));
            }
          }
        }
      }
    } catch (IOException e) {
      // a store being changed under the listing: what was listed is swept, the rest next time
    }
    return out;
  }

  /** Removes each of {@code unreferenced} that has been idle long enough. */
  public Swept remove(Collection<Sha256> unreferenced) throws IOException {
    Path aside = Files.createDirectories(store.root().resolve("tmp"));
    Instant cutoff = fileSystemNow(aside).minus(idle);
    List<Sha256> removed = new ArrayList<>();
    List<Sha256> inUse = new ArrayList<>();
    long bytes = 0;
    for (Sha256 sha : unreferenced) {
      Path p = store.pathOf(sha);
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (!idleSince(p, cutoff)) {
        inUse.add(sha);
        continue;
      }
      Path moved = aside.resolve(ASIDE_PREFIX + sha.hex() + "-" + System.nanoTime());
      try {
        Files.move(p, moved, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException gone) {
        continue;
      }
      if (idleSince(moved, cutoff)) {
        bytes += Files.size(moved);
        Files.delete(moved);
        removed.add(sha);
      } else {
        putBack(moved, p);
        inUse.add(sha);
      }
    }
    return new Swept(removed, bytes, inUse);
  }

  /** A registration marked the bytes while they were moved aside: they go back. */
  private static void putBack(Path moved, Path p) throws IOException {
    try {
      Files.move(moved, p, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException stored) {
      Files.delete(moved); // the registration stored its own copy of the same bytes
    }
  }

  private static boolean idleSince(Path p, Instant cutoff) throws IOException {
    return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
  }

  /** The file system's time now: that of a file made there, so no other machine's clock counts. */
  private static Instant fileSystemNow(Path dir) throws IOException {
    Path probe = Files.createTempFile(dir, "clock-", ".probe");
    try {
      return Files.getLastModifiedTime(probe).toInstant();
    } finally {
      Files.deleteIfExists(probe);
    }
  }
}
