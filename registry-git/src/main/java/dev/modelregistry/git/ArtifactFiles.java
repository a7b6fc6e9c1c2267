package dev.modelregistry.git;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks a model file handed to {@code register} before a byte of it is copied. */
final class ArtifactFiles {
  private ArtifactFiles() {}

  /**
   * Returns the real path of {@code file} if it may be registered: it exists, is a regular
   * non-empty file, and is not a symbolic link, unless {@code allowedRoot} is given and the link
   * resolves inside it (a build's {@code target/latest -> model-42.bin} is fine; a link to
   * {@code /etc/passwd} is not).
   */
  static Path checkRegistrable(Path file, Path allowedRoot) {
    if (file == null) {
      throw new InvalidInputException("No artifact given: set registry.artifact to the model file to register.");
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException("Artifact " + file + " does not exist. Check registry.artifact.");
    }
    Path real = file;
    if (Files.isSymbolicLink(file)) {
      real = resolveLink(file, allowedRoot);
    }
    if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(
          "Artifact " + file + " is a directory. Register one file: archive the directory first (zip or tar).");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException("Artifact " + file + " is not a regular file.");
    }
    try {
      if (Files.size(real) == 0) {
        throw new InvalidInputException(
            "Artifact " + file + " is empty. An empty model is almost always a failed training run; check the build.");
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    ArtifactPointer.checkFileName(file.getFileName().toString());
    return real;
  }

  private static Path resolveLink(Path link, Path allowedRoot) {
    try {
      Path target = link.toRealPath();
      if (allowedRoot != null && target.startsWith(allowedRoot.toRealPath())) {
        return target;
      }
      throw new InvalidInputException(
          "Artifact "
              + link
              + " is a symbolic link to "
              + target
              + (allowedRoot == null ? "" : ", outside " + allowedRoot)
              + ". Give the path of the model file itself.");
    } catch (IOException e) {
      throw new InvalidInputException("Artifact " + link + " is a symbolic link that cannot be resolved.", e);
    }
  }
}
