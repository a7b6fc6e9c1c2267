package dev.modelregistry.maven;

import dev.modelregistry.git.FailCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.model.Display;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Marks a version failed, with a required reason: it can never be promoted again. Marking does not
 * change what runs: if the version is live, the goal says so and prints the rollback to run.
 */
@Mojo(name = "fail", requiresProject = false, threadSafe = true)
public class FailMojo extends AbstractSigningMojo {

  /** The model. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** The version. */
  @Parameter(property = RegistryProperties.VERSION)
  String version;

  /** Why; required. */
  @Parameter(property = RegistryProperties.REASON)
  String reason;

  /** The outcome of the last run, for tests. */
  FailCommand.Outcome outcome;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      outcome =
          registry
              .fail()
              .model(modelOrProject(model))
              .version(versionOrProject(version))
              .reason(reason)
              .signingKey(signingKeyPath())
              .call();
      if (printJson(outcome)) {
        return;
      }
      getLog()
          .info(
              "Marked "
                  + outcome.model()
                  + " "
                  + outcome.version()
                  + " failed: "
                  + Display.escape(outcome.mark().reason())
                  + " (signed commit "
                  + outcome.commit()
                  + ").");
      for (String env : outcome.liveIn()) {
        getLog()
            .warn(
                outcome.model()
                    + " "
                    + outcome.version()
                    + " is STILL LIVE in "
                    + env
                    + ". Marking it failed does not change what runs. Roll back now:");
        getLog()
            .warn(
                "  mvn dev.modelregistry:registry-maven-plugin:rollback -D"
                    + RegistryProperties.URL
                    + "="
                    + url
                    + " -D"
                    + RegistryProperties.MODEL
                    + "="
                    + outcome.model()
                    + " -D"
                    + RegistryProperties.ENVIRONMENT
                    + "="
                    + env
                    + " -D"
                    + RegistryProperties.REASON
                    + "=\""
                    + outcome.version()
                    + " failed\"");
      }
    }
  }
}
