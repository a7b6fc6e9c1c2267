package dev.modelregistry.git.errors;

import dev.modelregistry.model.Collected;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;

/**
 * The version asked for was registered once and has left main's catalogue since: collected by
 * {@code gc} under the retention policy (or removed by hand). Its metadata stays in history, but it
 * can no longer be promoted, rolled back to, or registered again under the same name.
 */
public class CollectedVersionException extends UnknownVersionException {
  private static final long serialVersionUID = 1L;

  private final transient Collected collected;

  public CollectedVersionException(
      String what, ModelName model, ModelVersion version, Collected collected) {
    super(
        what
            + " refused: "
            + model
            + " "
            + version
            + (collected.byGc()
                ? " was collected by gc under the retention policy"
                : " was removed from the catalogue (not by a signed gc; verify reports it)")
            + " on "
            + collected.at()
            + " by "
            + Display.escape(collected.by())
            + " (commit "
            + collected.commit()
            + "). Its metadata stays in the history (show), and a version name is never used"
            + " twice: choose another version. Nothing was written.");
    this.collected = collected;
  }

  /** How the version left the catalogue. */
  public Collected collected() {
    return collected;
  }
}
