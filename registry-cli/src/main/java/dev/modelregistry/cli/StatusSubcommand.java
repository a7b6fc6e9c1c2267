package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.StatusCommand;
import dev.modelregistry.git.text.StatusText;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code registry status}: what runs in every environment, and the registry's health at a glance.
 */
@Command(
    name = "status",
    description = {
      "What runs in every environment, and the registry's health.",
      "Counts of models, versions and artifacts, the newest backup (checked) and the last verify on",
      "this machine with what changed since, lock files left behind; warnings when a backup or",
      "verify is missing, old or failed."
    })
final class StatusSubcommand extends RegistrySubcommand {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "The backup location to report on. Default: backups.path in registry.yaml.")
  Path output;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      StatusCommand.Status s = r.status().backupsAt(output).call();
      if (printJson(s)) {
        return ExitStatus.DONE;
      }
      StatusText.lines(s, r.location()).forEach(this::say);
      s.lockFiles().forEach(l -> warn("Lock file " + l));
      s.warnings().forEach(this::warn);
      return ExitStatus.DONE;
    }
  }
}
