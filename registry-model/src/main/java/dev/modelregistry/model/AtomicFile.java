package dev.modelregistry.model;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Writes a whole file or nothing: the content goes to a temporary file next to the target, which is
 * then renamed over it in one step. A crash or a full disk leaves the old file (or none), never
 * half of the new one.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Replaces {@code target} with {@code text} in UTF-8, creating its directory if needed. */
  public static void writeString(Path target, CharSequence text) {
    write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
  }

  /** Replaces {@code target} with {@code properties}, headed by {@code comment}. */
  public static void writeProperties(Path target, Properties properties, String comment) {
    write(
        target,
        tmp -> {
          try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            properties.store(w, comment);
          }
        });
  }

  private interface Content {
    void writeTo(Path tmp) throws IOException;
  }

  private static void write(Path target, Content content) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
      content.writeTo(tmp);
      Files.move(
          tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      deleteQuietly(tmp);
      throw new RegistryUnavailableException(
          "Cannot write "
              + absolute
              + " ("
              + e.getMessage()
              + "). Check that the directory exists, is writable and has space.",
          e);
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // the failure that brought us here is what gets reported
    }
  }
}
