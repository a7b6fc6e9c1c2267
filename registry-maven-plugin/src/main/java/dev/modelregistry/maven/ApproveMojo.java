package dev.modelregistry.maven;

import dev.modelregistry.git.ApproveCommand;
import dev.modelregistry.git.ApprovePolicyCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.DatasetVersions;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A reviewer approves a promotion waiting on {@code promotion/<model>/<version>}: the gates are
 * checked again and a signed approval is added. With enough approvals from trusted signers other
 * than the promoter, the environment moves to it. With {@code registry.policyChange}, approves a
 * change of {@code registry.yaml} instead.
 */
@Mojo(name = "approve", requiresProject = false, threadSafe = true)
public class ApproveMojo extends AbstractSigningMojo {

  /** The model. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** The version whose promotion is approved. */
  @Parameter(property = RegistryProperties.VERSION)
  String version;

  /** The environment. */
  @Parameter(property = RegistryProperties.ENVIRONMENT, defaultValue = "production")
  String environment;

  /** The dataset versions in force now, for the compatibility gate. */
  @Parameter(property = RegistryProperties.DATASET_VERSIONS)
  String datasetVersions;

  /**
   * Approve this change of {@code registry.yaml} (a commit of main) instead of a promotion, where
   * the policy asks for approvals of policy changes.
   */
  @Parameter(property = RegistryProperties.POLICY_CHANGE)
  String policyChange;

  /** The outcome of the last run, for tests. */
  ApproveCommand.Approval approval;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      if (policyChange != null) {
        ApprovePolicyCommand.PolicyApproval a =
            registry.approvePolicyChange().change(policyChange).signingKey(signingKeyPath()).call();
        if (printJson(a)) {
          return;
        }
        AnswerText.policyApproval(a).forEach(getLog()::info);
        return;
      }
      approval =
          registry
              .approve()
              .model(modelOrProject(model))
              .version(versionOrProject(version))
              .environment(environment)
              .datasetVersions(DatasetVersions.parse(datasetVersions))
              .signingKey(signingKeyPath())
              .call();
      if (printJson(approval)) {
        return;
      }
      AnswerText.approval(approval, environment).forEach(getLog()::info);
    }
  }
}
