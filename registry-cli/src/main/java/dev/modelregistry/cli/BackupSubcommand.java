package dev.modelregistry.cli;

import dev.modelregistry.git.BackupCommand;
import dev.modelregistry.git.Registry;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code registry backup}: a bundle of every ref, the artifacts and a manifest, into a backup
 * location.
 */
@Command(
    name = "backup",
    description = {
      "Back up the registry: a Git bundle of every ref, every artifact a branch points to,",
      "and backup-manifest.json, into a new directory of the backup location. Artifacts already in an earlier backup",
      "there are hard links, not copies. Checked before it is in place; a failed backup leaves nothing.",
      "Example: registry backup --url /srv/registry --output /mnt/backups/registry"
    })
final class BackupSubcommand extends RegistrySubcommand {
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description =
          "The backup location (a directory of backups). Default: backups.path in registry.yaml.")
  Path output;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      long[] last = {System.nanoTime()};
      BackupCommand.Written w =
          r.backup()
              .to(output)
              .progress(
                  (phase, done, total) -> {
                    if (System.nanoTime() - last[0] > PROGRESS_EVERY_NANOS) {
                      last[0] = System.nanoTime();
                      progress("  backing up " + phase + ": " + done + " of " + total);
                    }
                  })
              .call();
      if (printJson(w)) {
        return ExitStatus.DONE;
      }
      say(w.summary());
      w.removed()
          .forEach(p -> say("  removed the old backup " + p + " (backups.keep in registry.yaml)"));
      w.warnings().forEach(this::warn);
      return ExitStatus.DONE;
    }
  }
}
