package dev.modelregistry.git.internal;

import dev.modelregistry.model.Display;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.MissingInputException;
import java.nio.file.Path;
import java.util.Locale;

/** Turns {@code registry.url} into the local directory of the registry's Git repository. */
public final class RegistryLocation {
  private RegistryLocation() {}

  /**
   * True for what is written as a URL ({@code file:}, {@code <scheme>://}, {@code user@host:path})
   * rather than a path; {@link RemoteSync#of} refuses the schemes a registry is not reached by.
   */
  public static boolean isRemote(String url) {
    if (url == null) {
      return false;
    }
    String lower = url.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith("file:")
        || lower.matches("^[a-z][a-z0-9+.-]*://.*")
        || lower.matches("^[^/]+@[^/:]+:.*");
  }

  public static Path localPath(String url) {
    if (url == null || url.isBlank()) {
      throw new MissingInputException(Input.URL, "No registry given: name a path or a Git URL.");
    }
    String u = url.strip();
    String lower = u.toLowerCase(Locale.ROOT);
    if (isRemote(u)) {
      throw new InvalidInputException(
          "Registry " + Display.quote(u) + " is a Git URL, not a path.");
    }
    return Path.of(u).toAbsolutePath().normalize();
  }
}
