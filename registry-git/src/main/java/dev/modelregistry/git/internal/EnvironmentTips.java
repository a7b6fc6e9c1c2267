package dev.modelregistry.git.internal;

import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * The tips of the environment and promotion branches, by ref name (the zero id for an environment
 * never written to): what a write that is checked against them, but commits elsewhere, compares
 * before its commit lands. Registry writers of this machine take turns under the registry lock;
 * this catches the others (a person's push to a registry on a path).
 */
public final class EnvironmentTips {
  private static final String PROMOTIONS = RegistryFormat.ref("promotion/");

  private EnvironmentTips() {}

  /** The tips now of every environment the policy declares and of every promotion branch. */
  public static Map<String, ObjectId> now(Snapshot s) {
    Map<String, ObjectId> tips = new HashMap<>();
    for (String env : s.policy().environments().keySet()) {
      ObjectId tip = s.registry.tip(RegistryFormat.environmentBranch(env));
      tips.put(
          RegistryFormat.ref(RegistryFormat.environmentBranch(env)),
          tip == null ? ObjectId.zeroId() : tip);
    }
    try {
      for (Ref r : s.registry.repository().getRefDatabase().getRefsByPrefix(PROMOTIONS)) {
        tips.put(r.getName(), r.getObjectId());
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot list the promotion branches: " + e.getMessage(), e);
    }
    return tips;
  }

  /** True if any of those branches differs from {@code read}: moved, deleted or new. */
  public static boolean movedSince(Snapshot s, Map<String, ObjectId> read) {
    return !now(s).equals(read);
  }
}
