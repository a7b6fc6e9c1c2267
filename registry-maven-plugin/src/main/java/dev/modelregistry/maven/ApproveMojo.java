package dev.modelregistry.maven;

import dev.modelregistry.git.ApproveCommand;
import dev.modelregistry.git.ApprovePolicyCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.model.DatasetVersions;
import dev.modelregistry.model.Display;
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
        getLog()
            .info(
                "Approved the policy change "
                    + a.change()
                    + " (signed commit "
                    + a.commit()
                    + "); approvals "
                    + a.approvers().size()
                    + " of "
                    + a.required()
                    + ": "
                    + String.join(", ", a.approvers()));
        getLog()
            .info(
                a.inForce()
                    ? "The change is in force now."
                    : "Waiting for "
                        + (a.required() - a.approvers().size())
                        + " more approval(s) before the change is in force.");
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
      String what = approval.model() + " " + approval.version();
      getLog()
          .info(
              "Approved "
                  + what
                  + " for "
                  + environment
                  + " (signed commit "
                  + approval.commit()
                  + "); approvals "
                  + approval.approvers().size()
                  + " of "
                  + approval.required()
                  + ": "
                  + Display.escape(String.join(", ", approval.approvers())));
      getLog()
          .info(
              approval.merged()
                  ? environment + " now runs " + what + "."
                  : "Waiting for "
                      + (approval.required() - approval.approvers().size())
                      + " more approval(s) before "
                      + environment
                      + " moves.");
    }
  }
}
