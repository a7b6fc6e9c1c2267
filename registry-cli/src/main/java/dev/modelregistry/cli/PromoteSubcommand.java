package dev.modelregistry.cli;

import dev.modelregistry.git.Promotion;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry promote}: runs every gate and, if all pass, writes a signed commit on the
 * environment's branch.
 */
@Command(
    name = "promote",
    description = {
      "Put a version live in an environment, through its gates.",
      "Runs every gate (metrics, time in other environments, not failed, artifact intact, dataset compatibility) and, if",
      "all pass, writes a signed commit on the environment's branch. Where the policy requires approvals, prepares a",
      "review branch instead."
    })
final class PromoteSubcommand extends RegistrySubcommand {
  @Mixin ModelArgs target;

  @Option(names = "--version", description = "The version to promote.")
  String version;

  @Mixin EnvironmentArgs where;

  @Option(names = "--reason", description = "Why; recorded in the commit.")
  String reason;

  @Option(
      names = "--dataset-versions",
      paramLabel = "NAME=VERSION,...",
      description =
          "The dataset versions in force now (crsp=v1.2.4,compustat=v1.0.1). Default: $REGISTRY_DATASET_VERSIONS.")
  String datasetVersions;

  @Mixin SigningArgs signing;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      Promotion p =
          r.promote()
              .model(target.model)
              .version(version)
              .environment(where.environment)
              .reason(reason)
              .signingKey(signing.signingKey)
              .datasetVersions(datasetVersions(datasetVersions))
              .call();
      if (printJson(p)) {
        return ExitStatus.DONE;
      }
      String what = p.record().model() + " " + p.record().version();
      p.repairs().forEach(n -> warn("Repaired: " + n));
      if (p.alreadyThere()) {
        say(what + " is already what " + where.environment + " runs: nothing written.");
        return ExitStatus.DONE;
      }
      p.warnings().forEach(this::warn);
      say("Gates:");
      AnswerText.gates(p.gates()).forEach(l -> say("  " + l));
      if (p.awaitingReview()) {
        say(
            "Prepared the promotion of "
                + what
                + " to "
                + where.environment
                + " on branch "
                + p.branch()
                + " (signed commit "
                + p.commit()
                + "); it needs "
                + p.approvalsNeeded()
                + " approval(s) from trusted signers other than "
                + p.record().promotedBy()
                + ". Next, either:");
        say(
            "  open a pull request from "
                + p.branch()
                + " into "
                + where.environment
                + r.pullRequestUrl(p.branch(), where.environment).map(u -> ": " + u).orElse("")
                + " (merge it fast-forward once approved), or");
        say(
            "  have a reviewer run: registry approve --url "
                + r.location()
                + " --model "
                + p.record().model()
                + " --version "
                + p.record().version()
                + (where.environment.equals("production")
                    ? ""
                    : " --environment " + where.environment));
        return ExitStatus.DONE;
      }
      say(
          "Promoted "
              + what
              + " to "
              + where.environment
              + " as "
              + p.record().promotedBy()
              + " (signed commit "
              + p.commit()
              + ").");
      return ExitStatus.DONE;
    }
  }
}
