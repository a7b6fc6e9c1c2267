package dev.modelregistry.git.text;

import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The progress lines of a registration that hashes and copies a large artifact, the same in every
 * front end; a small one gets none (it is done before a line would help).
 */
public final class CopyProgressText {
  /** Artifacts from this size on report progress. */
  static final long FROM_BYTES = 256L << 20;

  private CopyProgressText() {}

  /** Progress for copying {@code file}, each line given to {@code line}; none for a small file. */
  public static ArtifactStore.CopyProgress of(Path file, Consumer<String> line) {
    try {
      if (file == null || !Files.isRegularFile(file) || Files.size(file) < FROM_BYTES) {
        return ArtifactStore.CopyProgress.NONE;
      }
    } catch (IOException e) {
      return ArtifactStore.CopyProgress.NONE;
    }
    String name = Display.escape(file.getFileName().toString());
    return (done, total) ->
        line.accept(
            String.format(
                "Hashing and copying %s: %d%% (%s of %s)",
                name, total == 0 ? 100 : done * 100 / total, Text.bytes(done), Text.bytes(total)));
  }

  /**
   * Progress for a pull: the download into the cache, or the checked copy to the output, each line
   * given to {@code line}; nothing for an artifact under {@link #FROM_BYTES}.
   */
  public static ArtifactStore.CopyProgress ofPull(Consumer<String> line) {
    return (done, total) -> {
      if (total >= FROM_BYTES) {
        line.accept(
            String.format(
                "Fetching and checking: %d%% (%s of %s)",
                done * 100 / total, Text.bytes(done), Text.bytes(total)));
      }
    };
  }
}
