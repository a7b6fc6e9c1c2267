package dev.modelregistry.git.store;

import dev.modelregistry.model.Display;
import dev.modelregistry.model.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;

/**
 * What a file looked like at one moment: its size, when it was last modified, and which file it is
 * (device and inode where the file system tells). Compared before and after an artifact is read, it
 * tells a complete file from one that a training job is still writing, or that was replaced.
 *
 * @param key the file system's identity of the file, or null where it has none
 */
public record FileState(long size, FileTime modified, Object key) {

  /** The state of {@code file} now, not following a link at its end. */
  public static FileState of(Path file) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return new FileState(a.size(), a.lastModifiedTime(), a.fileKey());
  }

  /** How {@code later} differs from this state, in words; empty if it does not. */
  public Optional<String> changeTo(FileState later) {
    if (!Objects.equals(key, later.key)) {
      return Optional.of("it was replaced by another file");
    }
    if (size != later.size) {
      return Optional.of("its size went from " + size + " to " + later.size + " bytes");
    }
    if (!modified.equals(later.modified)) {
      return Optional.of("it was modified at " + later.modified);
    }
    return Optional.empty();
  }

  /**
   * Refuses {@code file} if it is no longer in this state, or if {@code read} bytes were read from
   * it where this state says it holds {@link #size}.
   */
  public void requireUnchanged(Path file, long read) throws IOException {
    Optional<String> change = changeTo(of(file));
    if (change.isEmpty() && read != size) {
      change = Optional.of(read + " bytes were read where it held " + size);
    }
    if (change.isPresent()) {
      throw changedWhileRead(file, change.get());
    }
  }

  /** The refusal of an artifact that changed while it was read. */
  public static InvalidInputException changedWhileRead(Path file, String change) {
    return new InvalidInputException(
        "Artifact "
            + Display.escape(file.toString())
            + " changed while it was read ("
            + change
            + "): is a training job still writing it? Nothing was registered; register it again once the file is complete.");
  }
}
