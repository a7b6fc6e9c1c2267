package dev.modelregistry.git;

import dev.modelregistry.model.Display;
import dev.modelregistry.model.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;

/** Turns {@code registry.url} into the local directory of the registry's Git repository. */
final class RegistryLocation {
  private RegistryLocation() {}

  /**
   * True for what is written as a URL ({@code file:}, {@code <scheme>://}, {@code user@host:path})
   * rather than a path; {@link RemoteSync#of} refuses the schemes a registry is not reached by.
   */
  static boolean isRemote(String url) {
    if (url == null) {
      return false;
    }
    String lower = url.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith("file:") || lower.matches("^[a-z][a-z0-9+.-]*://.*") || lower.matches("^[^/]+@[^/:]+:.*");
  }

  static Path localPath(String url) {
    if (url == null || url.isBlank()) {
      throw new InvalidInputException("No registry given: set registry.url to a path or a file: URL.");
    }
    String u = url.strip();
    String lower = u.toLowerCase(Locale.ROOT);
    if (isRemote(u)) {
      throw new InvalidInputException("Registry " + Display.quote(u) + " is a Git URL, not a path.");
    }
    if (u.equals("~") || u.startsWith("~/")) {
      u = System.getProperty("user.home") + u.substring(1);
    }
    return Path.of(u).toAbsolutePath().normalize();
  }
}
