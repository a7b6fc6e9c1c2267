package dev.modelregistry.git;

import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import java.util.List;

/**
 * The outcome of {@code promote}.
 *
 * @param commit the signed commit on the environment branch (or on the promotion branch, when
 *     review is required); null if nothing was written because the version was already there
 * @param branch the branch the commit went to
 * @param warnings what did not block but should be read (dataset drift in lenient mode...)
 * @param approvalsNeeded approvals still needed before the environment moves (0: it moved)
 * @param repairs what was repaired on the way, for people to read (a stale lock file that a killed
 *     writer left, removed)
 */
public record Promotion(
    String environment,
    EnvironmentRecord record,
    String commit,
    String branch,
    List<GateResult> gates,
    List<String> warnings,
    boolean alreadyThere,
    int approvalsNeeded,
    List<String> repairs) {

  /** True when the promotion waits on a promotion branch for reviewers' approvals. */
  public boolean awaitingReview() {
    return approvalsNeeded > 0;
  }
}
