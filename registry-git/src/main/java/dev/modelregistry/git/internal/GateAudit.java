package dev.modelregistry.git.internal;

import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import java.util.HashMap;
import java.util.Map;

/**
 * Compares what a promotion's record says its gates found with the gates run again on the version's
 * registered files, under the policy in force at the promotion's catalogue. A trusted key can sign
 * anything; this is what makes a hand-signed promotion of a version that fails its gates, or a
 * record that leaves a gate out, a finding.
 */
public final class GateAudit {
  /**
   * Gates whose outcome depends on the moment (the artifact's bytes then): taken from the record,
   * not run again.
   */
  private static final String ARTIFACT_GATE = "artifact valid";

  private GateAudit() {}

  /** Null if every gate run again passes and the record claims the same; else what differs. */
  public static String check(EnvironmentRecord record, GateCheck.Report recomputed) {
    Map<String, GateResult> claimed = new HashMap<>();
    record.gates().forEach(g -> claimed.put(g.gate(), g));
    for (GateResult again : recomputed.results()) {
      if (again.gate().equals(ARTIFACT_GATE)) {
        continue;
      }
      GateResult said = claimed.get(again.gate());
      if (!again.passed()) {
        return "promotes "
            + record.model()
            + " "
            + record.version()
            + ", which fails gate '"
            + again.gate()
            + "' of the"
            + " policy in force at its catalogue: "
            + again.actual()
            + ", needs "
            + again.required()
            + (said == null
                ? " (its record does not show that gate)"
                : " (its record claims " + said.actual() + ")");
      }
      if (said == null || !said.passed()) {
        return "has a record that does not show gate '"
            + again.gate()
            + "' passed, which the policy in force at its"
            + " catalogue requires";
      }
      if (comparesActual(again) && !said.actual().equals(again.actual())) {
        return "has a record that claims "
            + again.gate()
            + " "
            + said.actual()
            + ", but the registered version has "
            + again.actual();
      }
    }
    GateResult artifact = claimed.get(ARTIFACT_GATE);
    if (artifact == null || !artifact.passed()) {
      return "has a record that does not show the artifact checked";
    }
    return null;
  }

  /**
   * Metric values and failure marks are facts of the registered files; times and datasets are
   * worded per run.
   */
  private static boolean comparesActual(GateResult g) {
    return g.gate().startsWith("metric ") || g.gate().equals("failure mark");
  }
}
