package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.Rollback;
import dev.modelregistry.model.Display;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Rolls an environment back: to the version live before the current one was promoted (promotions
 * are a stack), or to {@code registry.to}. Needs {@code registry.reason}. Checks that the version
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
      rollback = registry.rollback().model(model).environment(environment).reason(reason).to(to).dryRun(dryRun)
          .signingKey(signingKeyPath()).call();
      String change = rollback.from().model() + " in " + environment + ": " + rollback.from().version() + " -> "
          + rollback.to().version()
          + (rollback.reverted() == null ? " (named target)" : " (undoes promotion " + rollback.reverted().substring(0, 12) + ")");
      if (rollback.dryRun()) {
        getLog().info("Dry run: would roll back " + change + ". " + rollback.to().version()
            + " is not failed and its artifact validates. Nothing written; run again without -D"
            + RegistryProperties.DRY_RUN + " to do it.");
      } else {
        getLog().info("Rolled back " + change + ".");
        getLog().info("  signed commit " + rollback.commit() + " on branch " + environment + "; reason: " + Display.escape(reason));
      }
    }
  }
}
