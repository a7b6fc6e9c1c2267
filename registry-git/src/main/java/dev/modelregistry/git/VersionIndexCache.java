package dev.modelregistry.git;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The {@link VersionIndex}es of the last few {@code models/<model>} trees read through one {@link
 * Registry}. Building one means inflating the whole model tree (3.5 MB at 100k versions), which
 * would otherwise be paid by every promote, rollback and verification of a long-lived process. Keyed by tree id, and trees never change, so an entry is never stale;
 * a new version on main is a new tree id and a new entry.
 */
final class VersionIndexCache {
  private static final int MAX_TREES = 4;

  private final Map<ObjectId, VersionIndex> indexes =
      new LinkedHashMap<>(MAX_TREES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, VersionIndex> eldest) {
          return size() > MAX_TREES;
        }
      };

  /** The index of the model tree {@code tree}, built by {@code build} the first time. */
  VersionIndex get(ObjectId tree, Supplier<VersionIndex> build) {
    synchronized (indexes) {
      VersionIndex index = indexes.get(tree);
      if (index != null) {
        return index;
      }
    }
    VersionIndex built = build.get(); // outside the lock: it may take long
    synchronized (indexes) {
      indexes.put(tree.copy(), built);
    }
    return built;
  }
}
