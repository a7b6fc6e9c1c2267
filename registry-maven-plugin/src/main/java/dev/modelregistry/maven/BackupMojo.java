package dev.modelregistry.maven;

import dev.modelregistry.git.BackupCommand;
import dev.modelregistry.git.Registry;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a backup of the registry into {@code registry.output} (or the policy's {@code
 * backups.path}): a Git bundle of every ref, every artifact a branch points to (shared with earlier
 * backups there as hard links), and {@code backup-manifest.json}. Checked before it is in place;
 * with {@code backups.keep} in the policy, older backups of this registry there are removed.
 */
@Mojo(name = "backup", requiresProject = false, threadSafe = true)
public class BackupMojo extends AbstractRegistryMojo {
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  /**
   * The backup location: a directory of backups, created if absent. Default: the policy's {@code
   * backups.path}.
   */
  @Parameter(property = RegistryProperties.OUTPUT)
  File output;

  /** The backup written by the last run, for tests. */
  BackupCommand.Written written;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      long[] last = {System.nanoTime()};
      written =
          registry
              .backup()
              .to(output == null ? null : output.toPath())
              .progress(
                  (phase, done, total) -> {
                    if (System.nanoTime() - last[0]
                        > PROGRESS_EVERY_NANOS) { // a line every 5 s on long runs
                      last[0] = System.nanoTime();
                      getLog().info("  backing up " + phase + ": " + done + " of " + total);
                    }
                  })
              .call();
      if (printJson(written)) {
        return;
      }
      info(written.summary());
      written
          .removed()
          .forEach(
              p ->
                  getLog()
                      .info("  removed the old backup " + p + " (backups.keep in registry.yaml)"));
      written.warnings().forEach(w -> getLog().warn(w));
    }
  }
}
