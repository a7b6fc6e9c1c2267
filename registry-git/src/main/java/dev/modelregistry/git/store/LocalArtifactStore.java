package dev.modelregistry.git.store;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

/**
 * The embedded store: a content-addressed directory, {@code sha256/ab/cdef...}. Bytes are hashed
 * while they are copied (on a second thread, see {@link HashingCopy}) into a temporary file in the
 * same directory tree, forced to disk, then moved into place atomically; a reader never sees half a
 * file, and a crash leaves only a temporary file behind, which a later {@link #put} removes once it
 * is older than {@link #ABANDONED_AFTER}. A source that changes while it is copied (its size,
 * modification time or identity differ afterwards) is refused and nothing of it is kept.
 */
public final class LocalArtifactStore implements ArtifactStore {
  /** The uri prefix of pointers into this store. */
  public static final String SCHEME = "local:";

  /**
   * The age from which a temporary file is taken for one a killed writer left. A copy in progress
   * writes its file continually, so its modification time stays within seconds of now; a day is
   * beyond any copy that is still alive, however slow its disk.
   */
  public static final Duration ABANDONED_AFTER = Duration.ofDays(1);

  private static final String TEMP_PREFIX = "incoming-";
  private static final String TEMP_SUFFIX = ".part";

  private final Path root;
  private final Duration abandonedAfter;

  /**
   * Artifacts from this size on are written with direct I/O when the file system allows it; see
   * {@link #directIoAlignment}.
   */
  public static final long DIRECT_IO_FROM = 64L << 20;

  public LocalArtifactStore(Path root) {
    this(root, ABANDONED_AFTER);
  }

  /** A store whose leftover temporary files are removed once older than {@code abandonedAfter}. */
  public LocalArtifactStore(Path root, Duration abandonedAfter) {
    this.root = root.toAbsolutePath().normalize();
    this.abandonedAfter = abandonedAfter;
  }

  /** The directory this store keeps its bytes in. */
  public Path root() {
    return root;
  }

  /** Copies {@code source} over {@code tmp}, hashing it, and forces it to disk. */
  private static long copyInto(
      Path source, Path tmp, MessageDigest digest, long total, CopyProgress progress, int alignment)
      throws IOException {
    try (FileChannel in =
            FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        FileChannel out = DirectWrites.open(tmp, alignment)) {
      long copied =
          HashingCopy.copy(in, out, digest, total, progress, alignment); // hash and copy overlap
      if (alignment > 0) {
        out.truncate(copied); // drop the last block's padding
      }
      out.force(true); // the pointer will be committed: its bytes must survive a crash first
      return copied;
    }
  }

  /**
   * Whether {@code file}'s file system takes direct I/O ({@code O_DIRECT}, which bypasses the page
   * cache), and with what alignment; 0 if not (tmpfs, some network file systems). Why direct I/O
   * for large artifacts: the copy is forced to disk before it is committed anyway, so caching it
   * only costs fresh page-cache pages (slow to get on a virtual machine whose host reclaims them)
   * and a writeback of the whole file at the final force. Direct writes go to disk while the next
   * chunk is hashed.
   */
  public static int directIoAlignment(Path file) {
    try {
      int block = (int) Math.max(4096, Files.getFileStore(file).getBlockSize());
      if (Hashing.BUFFER % block != 0) {
        return 0;
      }
      FileChannel.open(file, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT)
          .close();
      return block;
    } catch (IOException | UnsupportedOperationException e) {
      return 0; // the ordinary, cached path works everywhere
    }
  }

  /** Where the bytes with this digest are (whether or not they are present). */
  public Path pathOf(Sha256 sha256) {
    String h = sha256.hex();
    return root.resolve("sha256").resolve(h.substring(0, 2)).resolve(h.substring(2));
  }

  @Override
  public Stored put(Path source, CopyProgress progress) {
    Path tmpDir = root.resolve("tmp");
    Path tmp = null;
    try {
      Files.createDirectories(tmpDir);
      tmp = Files.createTempFile(tmpDir, TEMP_PREFIX, TEMP_SUFFIX);
      removeAbandoned(tmpDir, Files.getLastModifiedTime(tmp).toInstant());
      FileState before = FileState.of(source);
      long total = before.size();
      int alignment = total >= DIRECT_IO_FROM ? directIoAlignment(tmp) : 0;
      MessageDigest digest = Hashing.sha256();
      long copied;
      try {
        copied = copyInto(source, tmp, digest, total, progress, alignment);
      } catch (IOException directFailed) {
        if (alignment == 0
            || directFailed instanceof NoSuchFileException
            || directFailed instanceof AccessDeniedException) {
          throw directFailed;
        }
        // a file system that opened the file for direct I/O but refused a write: the cached path,
        // once
        digest = Hashing.sha256();
        copied = copyInto(source, tmp, digest, total, progress, 0);
      }
      // the digest is of the bytes read: only if the file stayed as it was are they one version of
      // it,
      // not the start of one and the end of another (a training job still writing it). Refused
      // before
      // the move, so the temporary copy goes with it.
      before.requireUnchanged(source, copied);
      Sha256 sha = Sha256.of(digest.digest());
      Path target = pathOf(sha);
      // bytes already stored are marked as in use again, so that gc, which removes only bytes idle
      // for a day, leaves them to this registration; bytes gc took away meanwhile are stored again
      boolean fresh =
          !Files.exists(target) || !IdleArtifacts.markInUse(target, Files.getLastModifiedTime(tmp));
      if (fresh) {
        Files.createDirectories(target.getParent());
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
          tmp = null;
          target.toFile().setReadOnly();
        } catch (FileAlreadyExistsException raced) {
          fresh = false; // another writer stored the same bytes first: same content, nothing lost
        }
      }
      return new Stored(uriOf(sha), sha, copied, fresh, target);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Artifact " + source + " does not exist.", e);
    } catch (AccessDeniedException e) {
      throw new RegistryUnavailableException("Permission denied: " + e.getFile() + ".", e);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot copy " + source + " into the artifact store at " + root + ": " + e.getMessage(),
          e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temporary file is harmless; gc removes it
        }
      }
    }
  }

  /**
   * Removes the temporary files that writers killed mid-copy left in {@code tmpDir}: those older
   * than {@link #abandonedAfter} by {@code now}, the time of the file system (the modification time
   * of the file just created there, so no clock of another machine is involved). Only names this
   * store gives its temporary files are touched. A file that cannot be removed is left for the next
   * writer: tidying up is not the registration.
   */
  /**
   * Removes stored artifacts that no pointer names ({@code named}: the sha256 of every pointer the
   * registry holds) and that are older than {@link #ABANDONED_AFTER} (the bytes a registration
   * killed between copy and commit left): a registration under way elsewhere has pointed to its
   * bytes long before they are that old. Returns what it removed.
   */
  public java.util.List<Sha256> removeUnreferenced(java.util.Set<String> named, Instant now) {
    java.util.List<Sha256> removed = new java.util.ArrayList<>();
    Instant before = now.minus(abandonedAfter);
    Path top = root.resolve("sha256");
    if (!Files.isDirectory(top)) {
      return removed;
    }
    try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(top)) {
      for (Path prefix : prefixes) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
          for (Path f : files) {
            String hex = prefix.getFileName().toString() + f.getFileName();
            if (hex.length() != 64
                || named.contains(hex)
                || !Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS)
                    .toInstant()
                    .isBefore(before)) {
              continue;
            }
            if (Files.deleteIfExists(f)) {
              removed.add(Sha256.parse(hex));
            }
          }
        } catch (IOException | IllegalArgumentException e) {
          // not ours to judge, or gone already: the next sweep looks again
        }
      }
    } catch (IOException e) {
      // as above
    }
    return removed;
  }

  private void removeAbandoned(Path tmpDir, Instant now) {
    Instant before = now.minus(abandonedAfter);
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(tmpDir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
      for (Path f : files) {
        try {
          if (Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS)
              .toInstant()
              .isBefore(before)) {
            Files.deleteIfExists(f);
          }
        } catch (IOException e) {
          // gone already (another writer tidied up), or not ours to remove: leave it
        }
      }
    } catch (IOException e) {
      // as above: the next writer tries again
    }
  }

  @Override
  public InputStream open(ArtifactPointer pointer) {
    Path p = pathOf(pointer.sha256());
    try {
      return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new dev.modelregistry.git.errors.ArtifactMissingException(
          pointer,
          "Artifact "
              + pointer.fileName()
              + " (sha256 "
              + pointer.sha256().abbreviated()
              + "...) is missing from the store: expected at "
              + p
              + ". Restore it from a backup (restore, naming this model and version: the bytes come from the newest"
              + " backup that has them, checked against this sha256). Or put back any copy whose sha256 is "
              + pointer.sha256().hex()
              + " (the training build's output, another machine's store): mkdir -p "
              + p.getParent()
              + " && install -m 444 <good copy> "
              + p
              + "; or register the model again under a new version.",
          e);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Puts back the bytes {@code expected} names, from {@code source} (a backup's copy): copied into
   * a temporary file, hashed while copied, forced to disk, and moved over whatever is at the
   * pointer's place (a damaged file, or nothing) in one step, only if size and sha256 match. A
   * wrong copy never lands; a reader sees the old file or the right one, never half of one.
   */
  @Override
  public Stored restore(Path source, ArtifactPointer expected) {
    Path tmpDir = root.resolve("tmp");
    Path tmp = null;
    Path target = pathOf(expected.sha256());
    try {
      Files.createDirectories(tmpDir);
      tmp = Files.createTempFile(tmpDir, TEMP_PREFIX, TEMP_SUFFIX);
      MessageDigest digest = Hashing.sha256();
      long copied = copyInto(source, tmp, digest, expected.size(), CopyProgress.NONE, 0);
      Sha256 actual = Sha256.of(digest.digest());
      if (copied != expected.size() || !actual.equals(expected.sha256())) {
        throw new dev.modelregistry.git.errors.ChecksumMismatchException(
            expected, actual, copied, source.toString());
      }
      Files.createDirectories(target.getParent());
      tmp.toFile().setReadOnly();
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      return new Stored(uriOf(expected.sha256()), expected.sha256(), copied, true, target);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot put "
              + source
              + " back into the artifact store at "
              + target
              + ": "
              + e.getMessage(),
          e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temporary file is removed by a later put once it is old
        }
      }
    }
  }

  @Override
  public boolean holds(ArtifactPointer expected) {
    Path p = pathOf(expected.sha256());
    try {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) != expected.size()) {
        return false;
      }
      return FileCopy.hash(p).sha256().equals(expected.sha256());
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void delete(Sha256 sha256) {
    try {
      Files.deleteIfExists(pathOf(sha256));
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot delete " + pathOf(sha256) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe(ArtifactPointer pointer) {
    return pathOf(pointer.sha256()).toString();
  }

  /**
   * {@code local:sha256/ab/cdef...}: relative, so a restored or moved registry still resolves it.
   */
  public static String uriOf(Sha256 sha) {
    return SCHEME + "sha256/" + sha.hex().substring(0, 2) + "/" + sha.hex().substring(2);
  }
}
