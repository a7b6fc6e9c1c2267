package dev.modelregistry.git.store;

import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.function.BooleanSupplier;

/**
 * Local copies of artifacts, keyed by sha256, shared by the loader, {@code pull} and every read of
 * a remote store (so nothing is downloaded twice): {@code sha256/<hex>/<file name>}, so the service
 * sees the artifact's own file name (and extension). A file gets its name only once all its bytes
 * were checked against the pointer while they streamed from the store and were forced to disk
 * (temporary file, then atomic rename), so a name in the cache never holds half an artifact nor a
 * wrong one; a cached file is checked again in full before each hand-over, since anything on the
 * machine could have changed it since. Loaders that share the directory share the copies.
 */
public final class ArtifactCache {
  private static final int BUFFER = 1 << 16;

  /** How often a download looks whether it should stop: cheap, and well under a human's notice. */
  private static final long STOP_CHECK_NANOS = 20_000_000L;

  private final Path root;

  public ArtifactCache(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Thrown out of {@link #fetch} when {@code stop} said so: not a failure, a newer record came. */
  public static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Abandoned() {
      super("download abandoned", null, false, false);
    }
  }

  /** A cache directory the loader could not write or read. */
  public static final class CacheException
      extends dev.modelregistry.model.RegistryUnavailableException {
    private static final long serialVersionUID = 1L;

    CacheException(String message, IOException cause) {
      super(message, cause);
    }
  }

  /**
   * The verified file for {@code pointer}: the cached one if it still checks out in full, else a
   * fresh copy from {@code store}, checked while it streams. {@code stop} is asked between chunks;
   * when it answers true the download is abandoned ({@link Abandoned}) and nothing is kept.
   *
   * @throws ChecksumMismatchException if the store's bytes are not the pointer's
   */
  public Path fetch(ArtifactStore store, ArtifactPointer pointer, BooleanSupplier stop) {
    Path dir = root.resolve("sha256").resolve(pointer.sha256().hex());
    Path file = dir.resolve(pointer.fileName());
    if (Files.isRegularFile(file)) {
      try {
        checkCached(file, pointer, stop);
        return file;
      } catch (ChecksumMismatchException changed) {
        delete(file); // our copy went bad; the store is the truth: fetch it again
      }
    }
    Path part = null;
    try {
      Files.createDirectories(dir);
      part = Files.createTempFile(dir, "." + pointer.fileName() + ".", ".part");
      try (InputStream in = store.openVerified(pointer);
          FileChannel ch =
              FileChannel.open(
                  part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out = Channels.newOutputStream(ch)) {
        copy(in, out, stop); // the stream throws at its end if a byte did not match
        ch.force(true); // on disk before the name points to it
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      part = null;
      file.toFile().setWritable(false, false); // a service that opens it for writing is told
      return file;
    } catch (IOException e) {
      throw new CacheException(
          "Cannot write the loader's cache at "
              + dir
              + ": "
              + e.getMessage()
              + ". Give the loader a cache directory it can write, with room for the model.",
          e);
    } finally {
      if (part != null) {
        delete(part);
      }
    }
  }

  /**
   * A file from {@link #fetch(ArtifactStore, ArtifactPointer, ArtifactStore.CopyProgress)}.
   *
   * @param file the cached file
   * @param checked true if it was downloaded and checked in full just now; false if it was in the
   *     cache already, of the right size, and must be read through a {@link VerifyingInputStream}
   *     by a caller that hands its bytes on (anything on the machine could have changed it since)
   */
  public record Fetched(Path file, boolean checked) {}

  /**
   * The file for {@code pointer}, from the cache or downloaded into it as fast as the transfer
   * allows: hashed on another thread while it streams to disk, checked for size and sha256 before
   * it gets its name. Does not read a cached copy in full (see {@link Fetched#checked}).
   */
  public Fetched fetch(
      ArtifactStore store, ArtifactPointer pointer, ArtifactStore.CopyProgress progress) {
    Path dir = root.resolve("sha256").resolve(pointer.sha256().hex());
    Path file = dir.resolve(pointer.fileName());
    try {
      if (Files.isRegularFile(file) && Files.size(file) == pointer.size()) {
        return new Fetched(file, false);
      }
    } catch (IOException e) {
      // unreadable: fetched again below
    }
    Path part = null;
    try {
      Files.createDirectories(dir);
      part = Files.createTempFile(dir, "." + pointer.fileName() + ".", ".part");
      MessageDigest digest = Hashing.sha256();
      long copied;
      // a large download goes to disk as it comes (direct I/O), as the local store's copies do:
      // fresh page-cache pages are what is slow to get on a virtual machine
      int alignment = DirectWrites.alignmentFor(part, pointer.size());
      try (InputStream in = store.open(pointer);
          FileChannel ch = DirectWrites.open(part, alignment)) {
        copied =
            HashingCopy.copy(
                StreamChannels.reading(in), ch, digest, pointer.size(), progress, alignment);
        if (alignment > 0) {
          ch.truncate(copied); // drop the last block's padding
        }
        Sha256 actual = Sha256.of(digest.digest());
        if (copied != pointer.size() || !actual.equals(pointer.sha256())) {
          throw new ChecksumMismatchException(
              pointer, copied > pointer.size() ? null : actual, copied, store.describe(pointer));
        }
        // not forced to disk: a cached copy is never trusted unread (see Fetched), so one torn by a
        // crash is caught and fetched again, and a forced gigabyte would cost a second or more
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      part = null;
      file.toFile().setWritable(false, false);
      return new Fetched(file, true);
    } catch (IOException e) {
      throw new CacheException(
          "Cannot write the artifact cache at "
              + dir
              + ": "
              + e.getMessage()
              + ". Give it a directory it can write, with room for the model.",
          e);
    } finally {
      if (part != null) {
        delete(part);
      }
    }
  }

  /** Removes the cached copy of {@code pointer}'s bytes (one found bad), if there is one. */
  public void evict(ArtifactPointer pointer) {
    delete(root.resolve("sha256").resolve(pointer.sha256().hex()).resolve(pointer.fileName()));
  }

  /** Reads a cached file in full against its pointer; throws on any difference. */
  private static void checkCached(Path file, ArtifactPointer pointer, BooleanSupplier stop) {
    try (InputStream in =
        new VerifyingInputStream(Files.newInputStream(file), pointer, file.toString())) {
      copy(in, OutputStream.nullOutputStream(), stop);
    } catch (IOException e) {
      throw new CacheException(
          "Cannot read " + file + " in the loader's cache: " + e.getMessage() + ".", e);
    }
  }

  private static void copy(InputStream in, OutputStream out, BooleanSupplier stop)
      throws IOException {
    byte[] buf = new byte[BUFFER];
    long lastLook = System.nanoTime();
    for (int n; (n = in.read(buf)) >= 0; ) {
      out.write(buf, 0, n);
      long now = System.nanoTime();
      if (now - lastLook >= STOP_CHECK_NANOS) {
        lastLook = now;
        if (stop.getAsBoolean()) {
          throw new Abandoned();
        }
      }
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover costs room only: a bad copy is replaced by the rename, a temporary file is
      // never given a name; the failure that got us here is what the caller must see
    }
  }
}
