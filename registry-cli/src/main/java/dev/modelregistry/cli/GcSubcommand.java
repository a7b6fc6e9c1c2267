package dev.modelregistry.cli;

import dev.modelregistry.git.GcReport;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry gc}: apply the retention policy; a dry run unless {@code --force}, which removes
 * the versions in one signed commit and deletes the bytes no branch names any more.
 */
@Command(
    name = "gc",
    description = {
      "Apply the retention policy (retention: in registry.yaml): report the versions it lets go",
      "(model, version, status, age, bytes) and the space to reclaim. A dry run unless --force, which removes them",
      "from main in one signed commit (history keeps their metadata) and deletes artifact bytes no branch names any more.",
      "Never a version an environment runs, nor the last keep_last a rollback could return to.",
      "Example: registry gc --url /srv/registry   then   registry gc --url /srv/registry --force --signing-key ~/.ssh/id_ed25519"
    })
final class GcSubcommand extends RegistrySubcommand {
  @Option(names = "--force", description = "Really remove; without it, only report what would go.")
  boolean force;

  @Option(names = "--dry-run", description = "Only report, even with --force.")
  boolean dryRun;

  @Mixin SigningArgs signing;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      GcReport report = r.gc().force(force && !dryRun).signingKey(signing.signingKey).call();
      if (printJson(report)) {
        return ExitStatus.DONE;
      }
      AnswerText.gc(report).forEach(this::say);
      report.repairs().forEach(this::say);
      if (report.dryRun() && !report.candidates().isEmpty()) {
        say("Run again with --force (and your --signing-key) to remove them.");
      }
      return ExitStatus.DONE;
    }
  }
}
