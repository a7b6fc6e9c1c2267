package dev.modelregistry.maven;

import dev.modelregistry.git.GcReport;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Applies the retention policy ({@code retention:} in {@code registry.yaml}): reports the versions
 * it lets go (model, version, status, age, bytes) and the space to reclaim. A dry run unless {@code
 * registry.force=true}, which removes them from main in one commit signed with {@code
 * registry.signingKey} (history keeps their metadata) and deletes the artifact bytes no branch
 * names any more. Never a version an environment runs, nor the last {@code keep_last} a rollback
 * could return to.
 */
@Mojo(name = "gc", requiresProject = false, threadSafe = true)
public class GcMojo extends AbstractSigningMojo {

  /** Really remove; without it, only report what would go. */
  @Parameter(property = RegistryProperties.FORCE, defaultValue = "false")
  boolean force;

  /** Only report, even with {@code registry.force}. */
  @Parameter(property = RegistryProperties.DRY_RUN, defaultValue = "false")
  boolean dryRun;

  /** The report of the last run, for tests. */
  GcReport report;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      report = registry.gc().force(force && !dryRun).signingKey(signingKeyPath()).call();
      if (printJson(report)) {
        return;
      }
      AnswerText.gc(report).forEach(this::info);
      report.repairs().forEach(this::info);
      if (report.dryRun() && !report.candidates().isEmpty()) {
        getLog()
            .info(
                "Run again with -D"
                    + RegistryProperties.FORCE
                    + "=true (and -D"
                    + RegistryProperties.SIGNING_KEY
                    + ") to remove them.");
      }
    }
  }
}
