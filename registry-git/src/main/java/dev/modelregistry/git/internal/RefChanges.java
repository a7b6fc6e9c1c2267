package dev.modelregistry.git.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * The refs of a registry as ids, and which of them differ between two moments: what {@code status}
 * says changed since the last backup or the last verify.
 */
public final class RefChanges {
  private RefChanges() {}

  /** Every ref a backup holds, name to id (the same refs {@link Bundles#refsToBackUp} takes). */
  public static Map<String, String> now(Repository repo) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Bundles.refsToBackUp(repo).forEach((name, id) -> out.put(name, id.name()));
    return out;
  }

  /**
   * The branches that moved, appeared or went between {@code then} and {@code now}, by short name,
   * sorted: {@code production}, {@code promotion/m/v1.2.0 (new)}, {@code paper (deleted)}.
   */
  public static List<String> between(Map<String, String> then, Map<String, String> now) {
    List<String> changed = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(then.keySet());
    names.addAll(now.keySet());
    for (String ref : names) {
      String before = then.get(ref);
      String after = now.get(ref);
      String name = Repository.shortenRefName(ref);
      if (before == null) {
        changed.add(name + " (new)");
      } else if (after == null) {
        changed.add(name + " (deleted)");
      } else if (!before.equals(after)) {
        changed.add(name);
      }
    }
    return changed;
  }

  /** True for the name of a ref {@link #now} lists. */
  static boolean isRef(String name) {
    return name.startsWith(Constants.R_REFS);
  }
}
