package dev.modelregistry.git;

import dev.modelregistry.model.Display;
import dev.modelregistry.model.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/** Turns {@code registry.url} into the local directory of the registry's Git repository. */
final class RegistryLocation {
  private RegistryLocation() {}

  static Path localPath(String url) {
    if (url == null || url.isBlank()) {
      throw new InvalidInputException("No registry given: set registry.url to a path or a file: URL.");
    }
    String u = url.strip();
    String lower = u.toLowerCase(Locale.ROOT);
    if (lower.startsWith("file:")) {
      return Path.of(URI.create(u)).toAbsolutePath().normalize();
    }
    if (lower.matches("^[a-z][a-z0-9+.-]*://.*") || lower.matches("^[^/]+@[^/:]+:.*")) {
      throw new InvalidInputException(
          "Registry " + Display.quote(u) + " is a remote; this build reads and writes local registries"
              + " (a path or a file: URL). Clone the registry and point registry.url at the clone.");
    }
    if (u.equals("~") || u.startsWith("~/")) {
      u = System.getProperty("user.home") + u.substring(1);
    }
    return Path.of(u).toAbsolutePath().normalize();
  }
}
