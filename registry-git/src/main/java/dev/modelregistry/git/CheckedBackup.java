package dev.modelregistry.git;

import dev.modelregistry.git.internal.BackupCheck;
import dev.modelregistry.model.RegistryRefusedException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;

/**
 * A backup checked in full before a restore takes anything from it (every file's sha256, the bundle
 * complete, its refs those of the manifest), or refused, naming the file, while nothing has been
 * touched.
 */
final class CheckedBackup {
  private CheckedBackup() {}

  /**
   * Checks {@code backup}, fetching its bundle into {@code into} (the restore's new repository), or
   * into a temporary one when null (a dry run); refuses unless it verifies.
   */
  static BackupCheck.Outcome require(
      Path backup, Repository into, BackupCommand.Progress progress) {
    progress.at("check", 0, 1);
    BackupCheck.Outcome o = new BackupCheck().check(backup, into, BackupCheck.Depth.FULL);
    if (!o.ok()) {
      throw new RegistryRefusedException(
          "Restore refused: backup "
              + o.dir()
              + " does not verify: "
              + o.summary()
              + ". Nothing was changed. Restore from another backup (backups lists them and says"
              + " which verify), naming it by its path.");
    }
    progress.at("check", 1, 1);
    return o;
  }
}
