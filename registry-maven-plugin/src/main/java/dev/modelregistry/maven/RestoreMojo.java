package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RestoreCommand;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Restores the registry at {@code registry.url} from a backup ({@code registry.from}: {@code
 * latest}, a date {@code YYYY-MM-DD}, or a path), checked in full before anything is touched; the
 * registry it replaces is kept aside, and the message says where. With {@code registry.model} and
 * {@code registry.version}, restores only that version's artifact bytes, from the newest backup
 * that has them. A dry run unless {@code registry.force=true}. Works when the registry is gone.
 */
@Mojo(name = "restore", requiresProject = false, threadSafe = true)
public class RestoreMojo extends AbstractRegistryMojo {
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  /**
   * {@code latest}, a date {@code YYYY-MM-DD} (UTC), or the path of a backup (or of a backup
   * location).
   */
  @Parameter(property = RegistryProperties.FROM, defaultValue = "latest")
  String from;

  /**
   * The backup location {@code latest} and dates are looked in. Default: the policy's {@code
   * backups.path}.
   */
  @Parameter(property = RegistryProperties.OUTPUT)
  File output;

  /** Really restore; without it, only say what would be done. */
  @Parameter(property = RegistryProperties.FORCE, defaultValue = "false")
  boolean force;

  /** Only say what would be done, even with {@code registry.force}. */
  @Parameter(property = RegistryProperties.DRY_RUN, defaultValue = "false")
  boolean dryRun;

  /**
   * With {@code registry.version}: restore only this model's version's artifact bytes. Never taken
   * from the project.
   */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** The version whose artifact bytes to restore. */
  @Parameter(property = RegistryProperties.VERSION)
  String version;

  /** The answer of the last run, for tests. */
  RestoreCommand.Restored restored;

  @Override
  protected void run() {
    long[] last = {System.nanoTime()};
    restored =
        Registry.restore(url, options())
            .from(from)
            .location(output == null ? null : output.toPath())
            .force(force && !dryRun)
            .model(model)
            .version(version)
            .progress(
                (phase, done, total) -> {
                  if (System.nanoTime() - last[0]
                      > PROGRESS_EVERY_NANOS) { // a line every 5 s on long runs
                    last[0] = System.nanoTime();
                    getLog().info("  restoring " + phase + ": " + done + " of " + total);
                  }
                })
            .call();
    if (printJson(restored)) {
      return;
    }
    info(restored.summary());
    restored.notes().forEach(this::info);
    if (restored.dryRun() && !restored.nothingToDo()) {
      getLog().info("Run again with -D" + RegistryProperties.FORCE + "=true to do it.");
    }
  }
}
