package dev.modelregistry.git.internal;

import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.git.store.StoreRouter;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * After a registration, at most once a day per registry and user: removes from the embedded store
 * the old bytes that no version on main points to, which a registration killed between copying its
 * artifact and committing its pointer leaves behind. Only a store of this registry's own (a
 * relative {@code store.path}, inside or beside its repository) is swept: a store at an absolute
 * path may be shared with other registries, whose pointers this one cannot see; GC decides there.
 */
public final class UnreferencedBytes {
  private static final Duration EVERY = Duration.ofDays(1);
  private static final String MARKER = "last-store-sweep";

  private UnreferencedBytes() {}

  public static void sweepDaily(RegistryContext registry, Policy policy, ArtifactStore store) {
    LocalArtifactStore local =
        store instanceof StoreRouter router
            ? router.local().orElse(null)
            : store instanceof LocalArtifactStore l ? l : null;
    if (local == null || Path.of(policy.store().path()).isAbsolute()) {
      return;
    }
    Instant now = registry.clock().instant();
    Path marker = registry.stateDirectory().resolve(MARKER);
    try {
      if (Files.exists(marker)
          && Files.getLastModifiedTime(marker).toInstant().isAfter(now.minus(EVERY))) {
        return;
      }
      Set<String> named = new HashSet<>();
      registry.catalog(
          c -> {
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
