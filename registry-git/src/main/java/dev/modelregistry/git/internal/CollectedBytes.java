package dev.modelregistry.git.internal;

import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.IdleArtifacts;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.git.store.StoreRouter;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * After a collection has landed: deletes from the store the artifact bytes that no ref of the
 * registry names any more (read again now, so a version registered or promoted since keeps its
 * bytes), and only those idle for {@link LocalArtifactStore#ABANDONED_AFTER}, so bytes a writer on
 * another machine is about to point to are never taken (see {@link IdleArtifacts}). In a store of
 * the registry's own (a relative {@code store.path}) every such artifact goes; in a store at an
 * absolute path, which other registries may share, only those of the versions collected.
 */
public final class CollectedBytes {
  private CollectedBytes() {}

  /** What was deleted, and what stays because a writer used it within the idle time. */
  public static IdleArtifacts.Swept sweep(
      RegistryContext registry, Policy policy, ArtifactStore store, Collection<Sha256> collected) {
    LocalArtifactStore local =
        store instanceof StoreRouter router
            ? router.local().orElse(null)
            : store instanceof LocalArtifactStore l ? l : null;
    if (local == null) {
      return new IdleArtifacts.Swept(List.of(), 0, List.of()); // only a local store deletes here
    }
    IdleArtifacts idle = new IdleArtifacts(local, LocalArtifactStore.ABANDONED_AFTER);
    Set<Sha256> todo = new LinkedHashSet<>(collected);
    if (!Path.of(policy.store().path()).isAbsolute()) {
      todo.addAll(idle.stored());
    }
    try {
      todo.removeAll(namedByEveryRef(registry));
      return idle.remove(todo);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "The collection has landed, but deleting its artifacts from "
              + local.root()
              + " failed: "
              + e.getMessage()
              + ". The next gc deletes what is left.",
          e);
    }
  }

  /** Every artifact any ref names, through a pointer or an environment record. */
  private static Set<Sha256> namedByEveryRef(RegistryContext registry) throws IOException {
    Map<String, ObjectId> refs = new LinkedHashMap<>();
    for (Ref r : registry.repository().getRefDatabase().getRefs()) {
      if (r.getObjectId() != null) {
        refs.put(r.getName(), r.getObjectId());
      }
    }
    return ReferencedArtifacts.of(registry.repository(), refs).named();
  }
}
