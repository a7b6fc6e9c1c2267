package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.Rollback;
import dev.modelregistry.git.text.AnswerText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry rollback}: the emergency rollback, a signed commit that returns the environment
 * to the previous version.
 */
@Command(
    name = "rollback",
    description = {
      "Emergency rollback: back to the version live before this one.",
      "A signed commit on the environment's branch. With --version, acts only while that version still runs: safe to",
      "run twice. --to names another target.",
      "Example: registry rollback --url /srv/registry --model alpha_baseline --version v1.3.0 --reason \"drawdown 30%%\""
    })
final class RollbackSubcommand extends RegistrySubcommand {
  @Mixin ModelArgs target;

  @Mixin EnvironmentArgs where;

  @Option(names = "--reason", description = "Why; required, recorded in the signed commit.")
  String reason;

  @Option(
      names = "--version",
      description = {
        "The version to take out: the rollback acts only while it runs, so running",
        "the same command twice never goes back two versions. Give it in an emergency."
      })
  String version;

  @Option(
      names = "--to",
      paramLabel = "VERSION",
      description = "A named version to go to; default: the previous one.")
  String to;

  @Option(names = "--dry-run", description = "Only say what would happen; write nothing.")
  boolean dryRun;

  @Mixin SigningArgs signing;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      Rollback b =
          r.rollback()
              .model(target.model)
              .environment(where.environment)
              .reason(reason)
              .to(to)
              .version(version)
              .dryRun(dryRun)
              .signingKey(signing.signingKey)
              .call();
      if (printJson(b)) {
        return ExitStatus.DONE;
      }
      b.repairs().forEach(n -> warn("Repaired: " + n));
      AnswerText.rollback(b, version, reason, "run again without --dry-run").forEach(this::say);
      return ExitStatus.DONE;
    }
  }
}
