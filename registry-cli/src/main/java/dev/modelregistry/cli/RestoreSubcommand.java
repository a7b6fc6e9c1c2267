package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RestoreCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code registry restore}: the registry (or one version's artifact) from a backup; a dry run
 * unless --force.
 */
@Command(
    name = "restore",
    description = {
      "Restore the registry from a backup, checked in full before anything is touched;",
      "the registry it replaces is kept aside (the answer says where). With --model and --version, restore only that",
      "version's artifact bytes, from the newest backup that has them. A dry run unless --force. Works when the registry is gone.",
      "Example: registry restore --url /srv/registry --output /mnt/backups/registry --from 2025-01-15 --force"
    })
final class RestoreSubcommand extends RegistrySubcommand {
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  @Option(
      names = "--from",
      paramLabel = "latest|YYYY-MM-DD|PATH",
      defaultValue = "latest",
      description =
          "The backup: latest, the newest of a date (UTC), or a path (a backup, or a location). Default: ${DEFAULT-VALUE}.")
  String from;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description =
          "The backup location latest and dates are looked in. Default: backups.path in registry.yaml.")
  Path output;

  @Option(
      names = "--force",
      description = "Really restore; without it, only say what would be done.")
  boolean force;

  @Option(names = "--dry-run", description = "Only say what would be done, even with --force.")
  boolean dryRun;

  @Option(
      names = "--model",
      description =
          "With --version: restore only this version's artifact bytes. Never from $REGISTRY_MODEL.")
  String model;

  @Option(names = "--version", description = "The version whose artifact bytes to restore.")
  String version;

  @Override
  protected ExitStatus run() {
    cli.timings().mark("parse");
    long[] last = {System.nanoTime()};
    RestoreCommand.Restored r =
        Registry.restore(url(), options())
            .from(from)
            .location(output)
            .force(force && !dryRun)
            .model(model)
            .version(version)
            .progress(
                (phase, done, total) -> {
                  if (System.nanoTime() - last[0] > PROGRESS_EVERY_NANOS) {
                    last[0] = System.nanoTime();
                    progress("  restoring " + phase + ": " + done + " of " + total);
                  }
                })
            .call();
    if (printJson(r)) {
      return ExitStatus.DONE;
    }
    say(r.summary());
    r.notes().forEach(this::say);
    if (r.dryRun() && !r.nothingToDo()) {
      say("Run again with --force to do it.");
    }
    return ExitStatus.DONE;
  }
}
