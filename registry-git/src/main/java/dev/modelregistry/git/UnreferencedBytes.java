package dev.modelregistry.git;

import dev.modelregistry.model.ModelName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * After a registration, at most once a day per registry and user: removes from the embedded store
 * the old bytes that no version on main points to, which a registration killed between copying
 * its artifact and committing its pointer leaves behind. Only a store of this registry's own (a
 * relative {@code store.path}, inside or beside its repository) is swept: a store at an absolute
 * path may be shared with other registries, whose pointers this one cannot see; GC decides there.
 */
final class UnreferencedBytes {
  private static final Duration EVERY = Duration.ofDays(1);
  private static final String MARKER = "last-store-sweep";

  private UnreferencedBytes() {}

  static void sweepDaily(Registry registry, ArtifactStore store) {
    if (!(store instanceof LocalArtifactStore local) || Path.of(registry.policy().store().path()).isAbsolute()) {
      return;
    }
    Instant now = registry.clock().instant();
    Path marker = registry.stateDirectory().resolve(MARKER);
    try {
      if (Files.exists(marker) && Files.getLastModifiedTime(marker).toInstant().isAfter(now.minus(EVERY))) {
        return;
      }
      Set<String> named = new HashSet<>();
      registry.catalog(c -> {
        for (ModelName m : c.models()) {
          named.addAll(c.census(m).artifacts());
        }
        return null;
      });
      local.removeUnreferenced(named, now);
      Files.writeString(marker, now + "\n");
      Files.setLastModifiedTime(marker, java.nio.file.attribute.FileTime.from(now));
    } catch (IOException | RuntimeException e) {
      // housekeeping only: the registration has landed; the next one tries again
    }
  }
}
