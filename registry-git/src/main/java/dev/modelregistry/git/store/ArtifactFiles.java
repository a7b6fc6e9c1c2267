package dev.modelregistry.git.store;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks a model file handed to {@code register} before a byte of it is copied. */
public final class ArtifactFiles {
  private ArtifactFiles() {}

  /**
   * A model file that may be registered.
   *
   * @param path its real path: no symbolic link on the way, so the copy reads what was checked
   * @param seen its state when it was checked
   */
  public record Registrable(Path path, FileState seen) {
    /**
     * Refuses if the file is no longer what was checked (replaced, rewritten, grown) after {@code
     * read} bytes were copied.
     */
    public void requireUnchanged(long read) {
      try {
        seen.requireUnchanged(path, read);
      } catch (IOException e) {
        throw FileState.changedWhileRead(path, "it can no longer be read: " + e.getMessage());
      }
    }
  }

  /**
   * Returns the model file {@code file} names if it may be registered: it exists, is a regular
   * non-empty file with an allowed name, and no symbolic link is on the way to it (the file itself
   * or a directory above it), unless {@code allowedRoot} is given and the file really is inside it.
   * A build's {@code target/latest -> model-42.bin} is fine; {@code in/etc-link/passwd} with {@code
   * etc-link -> /etc} is not, nor a link to {@code /etc/passwd}.
   */
  public static Registrable checkRegistrable(Path file, Path allowedRoot) {
    if (file == null) {
      throw new MissingInputException(
          Input.ARTIFACT, "No artifact given: name the model file to register.");
    }
    String shown = Display.escape(file.toString());
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(
          Input.ARTIFACT, "Artifact " + shown + " does not exist. Check the artifact's path.");
    }
    Path real = realPath(file, allowedRoot);
    if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(
          "Artifact "
              + shown
              + " is a directory. Register one file: archive the directory first (zip or tar).");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException("Artifact " + shown + " is not a regular file.");
    }
    FileState seen;
    try {
      seen = FileState.of(real);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + shown + ": " + e.getMessage(), e);
    }
    if (seen.size() == 0) {
      throw new InvalidInputException(
          "Artifact "
              + shown
              + " is empty. An empty model is almost always a failed training run; check the build.");
    }
    try {
      ArtifactPointer.checkFileName(file.getFileName().toString());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          e.getMessage() + " Rename the model file, then register it.", e);
    }
    return new Registrable(real, seen);
  }

  /**
   * The real path of {@code file}, refusing one reached through a symbolic link outside {@code
   * allowedRoot} (any link when none is given): the same rule for a link at the end and a link to a
   * directory on the way, since either makes a path that looks like the project's read another
   * file.
   */
  private static Path realPath(Path file, Path allowedRoot) {
    Path absolute = file.toAbsolutePath(); // not normalized: "dir-link/.." is not "." on disk
    Path link = firstLink(absolute);
    try {
      Path real = file.toRealPath();
      if (link == null || (allowedRoot != null && real.startsWith(allowedRoot.toRealPath()))) {
        return real;
      }
      String shown = Display.escape(file.toString());
      String target = Display.escape(Files.readSymbolicLink(link).toString());
      throw new InvalidInputException(
          "Artifact "
              + shown
              + (link.equals(absolute)
                  ? " is a symbolic link to " + target
                  : " passes through the symbolic link "
                      + Display.escape(link.toString())
                      + " -> "
                      + target)
              + ", so it is really "
              + Display.escape(real.toString())
              + (allowedRoot == null ? "" : ", outside " + Display.escape(allowedRoot.toString()))
              + ". A symbolic link on the way to an artifact is followed only inside the project; give the path of the"
              + " model file itself.");
    } catch (IOException e) {
      if (link == null) {
        throw new RegistryUnavailableException(
            "Cannot read " + Display.escape(file.toString()) + ": " + e.getMessage(), e);
      }
      throw new InvalidInputException(
          "Artifact "
              + Display.escape(file.toString())
              + " is reached through a symbolic link that cannot be resolved ("
              + Display.escape(link.toString())
              + ").",
          e);
    }
  }

  /** The first prefix of {@code absolute} (itself included) that is a symbolic link, or null. */
  private static Path firstLink(Path absolute) {
    Path prefix = absolute.getRoot();
    for (Path name : absolute) {
      prefix = prefix.resolve(name);
      if (Files.isSymbolicLink(prefix)) {
        return prefix;
      }
    }
    return null;
  }
}
