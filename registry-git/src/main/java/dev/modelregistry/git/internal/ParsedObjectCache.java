package dev.modelregistry.git.internal;

import dev.modelregistry.model.Policy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What one {@link Registry} parsed from Git objects lately, keyed by the object's id: the {@link
 * VersionIndex}es of the last few {@code models/<model>} trees, and the policy of the last few
 * {@code registry.yaml} blobs. A Git object never changes, so an entry is never stale; a new
 * version on main is a new tree id and a new entry.
 *
 * <p>Why: building a version index inflates the whole model tree (3.5 MB at 100k versions), which
 * every promote, rollback and verification of a long-lived process would pay again; and a writer
 * that lost a race to another re-reads the policy on every attempt.
 */
public final class ParsedObjectCache {
  private final Recent<VersionIndex> versionIndexes = new Recent<>(4);
  private final Recent<Policy> policies =
      new Recent<>(16); // main's history holds a few policies, judged in turn

  /** The index of the model tree {@code tree}, built by {@code build} the first time. */
  public VersionIndex versionIndex(ObjectId tree, Supplier<VersionIndex> build) {
    return versionIndexes.get(tree, build);
  }

  /** The policy held by blob {@code blob}, parsed by {@code parse} the first time. */
  public Policy policy(ObjectId blob, Supplier<Policy> parse) {
    return policies.get(blob, parse);
  }

  /** The last {@code max} values used, least recently used dropped first. */
  private static final class Recent<T> {
    private final Map<ObjectId, T> values;

    Recent(int max) {
      values =
          new LinkedHashMap<>(max * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ObjectId, T> eldest) {
              return size() > max;
            }
          };
    }

    public T get(ObjectId id, Supplier<T> make) {
      synchronized (values) {
        T value = values.get(id);
        if (value != null) {
          return value;
        }
      }
      T made = make.get(); // outside the lock: it may take long
      synchronized (values) {
        values.put(id.copy(), made);
      }
      return made;
    }
  }
}
