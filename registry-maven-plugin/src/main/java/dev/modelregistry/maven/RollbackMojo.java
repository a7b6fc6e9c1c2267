package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.Rollback;
import dev.modelregistry.git.text.AnswerText;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Rolls an environment back: to the version live before the current one was promoted (promotions
 * are a stack), or to {@code registry.to}. Needs {@code registry.reason}. With {@code
 * registry.version}, only if that version still runs (safe to run twice). Checks that the version
 * it returns to is not failed and that its artifact validates. {@code registry.dryRun=true} shows
 * what would happen and writes nothing.
 */
@Mojo(name = "rollback", requiresProject = false, threadSafe = true)
public class RollbackMojo extends AbstractSigningMojo {

  /** The model. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** The environment. */
  @Parameter(property = RegistryProperties.ENVIRONMENT, defaultValue = "production")
  String environment;

  /** Why; required. */
  @Parameter(property = RegistryProperties.REASON)
  String reason;

  /**
   * The version to take out: the rollback acts only while the environment runs it, and otherwise
   * writes nothing and says what runs and which commit took it out, so running it twice is safe.
   * Give it in an emergency.
   */
  @Parameter(property = RegistryProperties.VERSION)
  String version;

  /** A named version to go to; default: the previous one. */
  @Parameter(property = RegistryProperties.TO)
  String to;

  /** Only say what would happen. */
  @Parameter(property = RegistryProperties.DRY_RUN, defaultValue = "false")
  boolean dryRun;

  /** The outcome of the last run, for tests. */
  Rollback rollback;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      rollback =
          registry
              .rollback()
              .model(modelOrProject(model))
              .environment(environment)
              .reason(reason)
              .to(to)
              .version(version)
              .dryRun(dryRun)
              .signingKey(signingKeyPath())
              .call();
      if (printJson(rollback)) {
        return;
      }
      rollback.repairs().forEach(n -> getLog().warn("Repaired: " + n));
      AnswerText.rollback(
              rollback, version, reason, "run again without -D" + RegistryProperties.DRY_RUN)
          .forEach(getLog()::info);
    }
  }
}
