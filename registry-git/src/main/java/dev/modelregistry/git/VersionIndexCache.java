package dev.modelregistry.git;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The version indexes of the last few {@code models/<model>} trees read through one {@link
 * Registry}: version name to version directory tree. Building one means inflating and decoding the
 * whole model tree (3.5 MB at 100k versions), which would otherwise be paid by every promote,
 * rollback and verification. Keyed by tree id, and trees never change, so an entry is never stale;
 * a new version on main is a new tree id and a new entry.
 */
final class VersionIndexCache {
  private static final int MAX_TREES = 4;

  private final Map<ObjectId, Map<String, ObjectId>> indexes =
      new LinkedHashMap<>(MAX_TREES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, Map<String, ObjectId>> eldest) {
          return size() > MAX_TREES;
        }
      };

  /** The index of the model tree {@code tree}, built by {@code build} the first time. */
  Map<String, ObjectId> get(ObjectId tree, Supplier<Map<String, ObjectId>> build) {
    synchronized (indexes) {
      Map<String, ObjectId> index = indexes.get(tree);
      if (index != null) {
        return index;
      }
    }
    Map<String, ObjectId> built = Collections.unmodifiableMap(build.get()); // outside the lock: it may take long
    synchronized (indexes) {
      indexes.put(tree.copy(), built);
    }
    return built;
  }
}
