package dev.modelregistry.git.store;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.Sha256;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where artifact bytes live; Git holds only the pointer. Stores are content-addressed by SHA-256,
 * so storing the same bytes twice costs nothing and a pointer can never silently point to other
 * bytes: every read is checked (see {@link VerifyingInputStream}).
 */
public interface ArtifactStore {

  /**
   * Copies {@code source} into the store, hashing it in the same pass.
   *
   * @param progress told of the bytes copied so far; may be {@link CopyProgress#NONE}
   */
  public Stored put(Path source, CopyProgress progress);

  /**
   * As {@link #put(Path, CopyProgress)}, telling stores that name files by it what the bytes are
   * ({@code key} may be null); the local store ignores it.
   */
  public default Stored put(Path source, StoreKey key, CopyProgress progress) {
    return put(source, progress);
  }

  /** Opens the bytes a pointer names, as stored, unchecked; {@link #openVerified} checks them. */
  public InputStream open(ArtifactPointer pointer);

  /** Opens the bytes a pointer names; reading to the end fails if size or sha256 differ. */
  public default InputStream openVerified(ArtifactPointer pointer) {
    return new VerifyingInputStream(open(pointer), pointer, describe(pointer));
  }

  /** Removes bytes this store holds (used to undo a {@link #put} whose registration failed). */
  public void delete(Sha256 sha256);

  /** Removes what one {@link #put} stored, by its uri where the store names files by more. */
  public default void delete(Stored stored) {
    delete(stored.sha256());
  }

  /**
   * Puts back the bytes {@code expected} names from {@code source} (a backup's copy), only if their
   * size and sha256 match: where the pointer says, so that the pointer reads them again.
   */
  public default Stored restore(Path source, ArtifactPointer expected) {
    throw new dev.modelregistry.model.RegistryRefusedException(
        "Bytes cannot be put back into " + describe(expected) + ": put them there by hand.");
  }

  /**
   * True if this store holds the bytes {@code expected} names, read in full and checked; false if
   * they are missing, different, or cannot be read now.
   */
  public default boolean holds(ArtifactPointer expected) {
    try (InputStream in = openVerified(expected)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return true;
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /** A human description of where the pointer's bytes are (a path or URL), for messages. */
  public String describe(ArtifactPointer pointer);

  /**
   * The result of {@link #put}.
   *
   * @param uri the pointer's uri for these bytes
   * @param sha256 the bytes' digest
   * @param size their length
   * @param fresh true if the store did not hold these bytes before this put
   * @param location where they are now (a path for local stores, null for remote ones)
   */
  public record Stored(String uri, Sha256 sha256, long size, boolean fresh, Path location) {}

  /** Told how far a long copy has come. */
  @FunctionalInterface
  public interface CopyProgress {
    CopyProgress NONE = (done, total) -> {};

    void copied(long done, long total);
  }
}
