package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.StatusCommand;
import dev.modelregistry.git.text.StatusText;
import dev.modelregistry.model.Display;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every environment runs, per model, with who promoted it and when; the registry's size; the
 * newest backup at {@code registry.output} (or the policy's {@code backups.path}) and the last
 * verify on this machine, with what changed since and warnings when either is missing or old.
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractRegistryMojo {

  /** The backup location to report on. Default: the policy's {@code backups.path}. */
  @Parameter(property = RegistryProperties.OUTPUT)
  File output;

  /** The answer of the last run, for tests. */
  StatusCommand.Status status;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      status = registry.status().backupsAt(output == null ? null : output.toPath()).call();
      if (printJson(status)) {
        return;
      }
      StatusText.lines(status, registry.directory().toString()).forEach(this::info);
      status.lockFiles().forEach(l -> getLog().warn("Lock file " + Display.escape(l.toString())));
      status.warnings().forEach(w -> getLog().warn(w));
    }
  }
}
