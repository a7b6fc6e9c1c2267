package dev.modelregistry.maven;

import dev.modelregistry.git.PullCommand;
import dev.modelregistry.git.Registry;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the artifact of the version an environment runs now (or of {@code registry.version}) to
 * {@code registry.output}, checking size and sha256 while it streams: nothing is written unless
 * every byte matched, and an existing file is replaced only with {@code registry.force=true}.
 */
@Mojo(name = "pull", requiresProject = false, threadSafe = true)
public class PullMojo extends AbstractRegistryMojo {

  /** The model. Default in a project: its artifactId. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** A version to pull; default: the one the environment runs now. */
  @Parameter(property = RegistryProperties.VERSION)
  String version;

  /** The environment whose version is pulled. */
  @Parameter(property = RegistryProperties.ENVIRONMENT, defaultValue = "production")
  String environment;

  /** Where to write it: a file, or an existing directory (the artifact's file name is kept). */
  @Parameter(property = RegistryProperties.OUTPUT)
  File output;

  /** Replace the file at {@code registry.output} if there is one. */
  @Parameter(property = RegistryProperties.FORCE, defaultValue = "false")
  boolean force;

  /** The outcome of the last run, for tests. */
  PullCommand.Pulled pulled;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      pulled =
          registry
              .pull()
              .model(modelOrProject(model))
              .version(version)
              .environment(environment)
              .to(output == null ? null : output.toPath())
              .force(force)
              .progress(dev.modelregistry.git.text.CopyProgressText.ofPull(l -> getLog().info(l)))
              .call();
      if (printJson(pulled)) {
        return;
      }
      getLog()
          .info(
              "Pulled "
                  + pulled.model()
                  + " "
                  + pulled.version()
                  + (pulled.environment() == null
                      ? ""
                      : " (what " + pulled.environment() + " runs)")
                  + " to "
                  + pulled.path()
                  + ": "
                  + dev.modelregistry.model.Text.bytes(pulled.size())
                  + ", sha256 "
                  + pulled.sha256().hex()
                  + " (checked)");
    }
  }
}
