package dev.modelregistry.cli;

import dev.modelregistry.git.ApproveCommand;
import dev.modelregistry.git.ApprovePolicyCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry approve}: a reviewer's signed approval of a prepared promotion, or of a policy
 * change.
 */
@Command(
    name = "approve",
    description = {
      "Approve a prepared promotion, or a change of the policy.",
      "Re-runs the promotion's gates; once the policy's approvals are reached, the environment (or the policy) moves."
    })
final class ApproveSubcommand extends RegistrySubcommand {
  @Mixin ModelArgs target;

  @Option(names = "--version", description = "The version whose promotion to approve.")
  String version;

  @Mixin EnvironmentArgs where;

  @Option(
      names = "--dataset-versions",
      paramLabel = "NAME=VERSION,...",
      description = "The dataset versions in force now. Default: $REGISTRY_DATASET_VERSIONS.")
  String datasetVersions;

  @Option(
      names = "--policy-change",
      paramLabel = "COMMIT",
      description = "Approve this commit's change of the policy instead.")
  String policyChange;

  @Mixin SigningArgs signing;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      if (policyChange != null) {
        ApprovePolicyCommand.PolicyApproval a =
            r.approvePolicyChange().change(policyChange).signingKey(signing.signingKey).call();
        if (printJson(a)) {
          return ExitStatus.DONE;
        }
        AnswerText.policyApproval(a).forEach(this::say);
        return ExitStatus.DONE;
      }
      ApproveCommand.Approval a =
          r.approve()
              .model(target.model)
              .version(version)
              .environment(where.environment)
              .datasetVersions(datasetVersions(datasetVersions))
              .signingKey(signing.signingKey)
              .call();
      if (printJson(a)) {
        return ExitStatus.DONE;
      }
      AnswerText.approval(a, where.environment).forEach(this::say);
      return ExitStatus.DONE;
    }
  }
}
