package dev.modelregistry.maven;

import dev.modelregistry.git.Promotion;
import dev.modelregistry.git.Registry;
import dev.modelregistry.model.DatasetVersions;
import dev.modelregistry.model.Display;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Promotes a version into an environment: runs every gate (metric thresholds, time in other
 * environments, not failed, artifact valid, dataset compatibility) and, if all pass, writes a
 * signed commit on the environment's branch. A failing gate fails the build and writes nothing.
 */
@Mojo(name = "promote", requiresProject = false, threadSafe = true)
public class PromoteMojo extends AbstractSigningMojo {

  /** The model. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** The version to promote. */
  @Parameter(property = RegistryProperties.VERSION)
  String version;

  /** The environment. */
  @Parameter(property = RegistryProperties.ENVIRONMENT, defaultValue = "production")
  String environment;

  /** Why, recorded in the commit. */
  @Parameter(property = RegistryProperties.REASON)
  String reason;

  /**
   * The dataset versions in force now, {@code crsp=v1.2.4,compustat=v1.0.1}, for the compatibility
   * gate.
   */
  @Parameter(property = RegistryProperties.DATASET_VERSIONS)
  String datasetVersions;

  /** The outcome of the last run, for tests. */
  Promotion promotion;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      promotion =
          registry
              .promote()
              .model(modelOrProject(model))
              .version(versionOrProject(version))
              .environment(environment)
              .reason(reason)
              .signingKey(signingKeyPath())
              .datasetVersions(DatasetVersions.parse(datasetVersions))
              .call();
      if (printJson(promotion)) {
        return;
      }
      String what = promotion.record().model() + " " + promotion.record().version();
      promotion.repairs().forEach(n -> getLog().warn("Repaired: " + n));
      if (promotion.alreadyThere()) {
        getLog().info(what + " is already what " + environment + " runs: nothing written.");
        return;
      }
      promotion.warnings().stream().map(Display::escape).forEach(getLog()::warn);
      getLog().info("Gates:");
      dev.modelregistry.git.text.AnswerText.gates(promotion.gates())
          .forEach(l -> getLog().info("  " + l));
      if (promotion.awaitingReview()) {
        getLog()
            .info(
                "Prepared the promotion of "
                    + what
                    + " to "
                    + environment
                    + " on branch "
                    + promotion.branch()
                    + " (signed commit "
                    + promotion.commit()
                    + "); it needs "
                    + promotion.approvalsNeeded()
                    + " approval(s) from trusted signers other than "
                    + Display.escape(promotion.record().promotedBy())
                    + ". Next, either:");
        getLog()
            .info(
                "  open a pull request from "
                    + promotion.branch()
                    + " into "
                    + environment
                    + registry
                        .pullRequestUrl(promotion.branch(), environment)
                        .map(u -> ": " + u)
                        .orElse("")
                    + " (merge it fast-forward once approved), or");
        getLog()
            .info(
                "  have a reviewer run: mvn dev.modelregistry:registry-maven-plugin:approve -D"
                    + RegistryProperties.URL
                    + "="
                    + registry.location()
                    + " -D"
                    + RegistryProperties.MODEL
                    + "="
                    + promotion.record().model()
                    + " -D"
                    + RegistryProperties.VERSION
                    + "="
                    + promotion.record().version()
                    + (environment.equals("production")
                        ? ""
                        : " -D" + RegistryProperties.ENVIRONMENT + "=" + environment));
        return;
      }
      getLog()
          .info(
              "Promoted "
                  + what
                  + " to "
                  + environment
                  + " as "
                  + Display.escape(promotion.record().promotedBy())
                  + " (signed commit "
                  + promotion.commit()
                  + ").");
    }
  }
}
