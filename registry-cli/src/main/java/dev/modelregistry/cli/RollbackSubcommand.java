package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.Rollback;
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
      if (b.alreadyOut()) {
        say(
            "Nothing to do: "
                + b.from().model()
                + " "
                + version
                + " no longer runs in "
                + where.environment
                + "; it runs "
                + b.from().version()
                + " (by "
                + b.from().promotedBy()
                + "). Commit "
                + b.takenOutBy()
                + " took "
                + version
                + " out. Nothing written.");
        return ExitStatus.DONE;
      }
      String change =
          b.from().model()
              + " in "
              + where.environment
              + ": "
              + b.from().version()
              + " -> "
              + b.to().version()
              + (b.reverted() == null
                  ? " (named target)"
                  : " (undoes promotion " + b.reverted().substring(0, 12) + ")");
      if (b.dryRun()) {
        say(
            "Dry run: would roll back "
                + change
                + ". "
                + b.to().version()
                + " is not failed and its artifact validates."
                + " Nothing written; run again without --dry-run to do it.");
      } else {
        say("Rolled back " + change + ".");
        say(
            "  signed commit "
                + b.commit()
                + " on branch "
                + where.environment
                + "; reason: "
                + reason);
      }
      return ExitStatus.DONE;
    }
  }
}
