package dev.modelregistry.git.internal;

import dev.modelregistry.model.RefLockFile;
import java.time.temporal.ChronoUnit;

/**
 * A stale ref lock file blocks every change of its ref while fsck finds nothing wrong. Younger ones
 * are writers at work, not findings: verify runs beside promotions in CI.
 */
public final class LockFileCheck {
  private LockFileCheck() {}

  public static void run(VerifyRun run) {
    for (RefLockFile f : run.registry().refLockFiles()) {
      if (f.stale()) {
        run.add(
            new VerifyFinding(
                "lock file " + f.file(),
                null,
                "left since "
                    + f.since().truncatedTo(ChronoUnit.SECONDS)
                    + " ("
                    + RefLocks.span(f.age())
                    + ") by a writer that did not finish; it blocks "
                    + f.blocks(),
                f.fix()));
      }
    }
  }
}
