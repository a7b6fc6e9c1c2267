package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.ValidationResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Reads a version's artifact in full and checks its size and sha256; fails the build on any
 * mismatch, naming both hashes and what to do.
 */
@Mojo(name = "validate", requiresProject = false, threadSafe = true)
public class ValidateMojo extends AbstractRegistryMojo {

  /** The model. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** The version. */
  @Parameter(property = RegistryProperties.VERSION)
  String version;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      ValidationResult r =
          registry
              .validate()
              .model(modelOrProject(model))
              .version(versionOrProject(version))
              .call();
      if (printJson(r)) {
        return;
      }
      getLog()
          .info(
              r.model()
                  + " "
                  + r.version()
                  + ": artifact intact, "
                  + dev.modelregistry.model.Text.bytes(r.pointer().size())
                  + ", sha256 "
                  + r.pointer().sha256().hex()
                  + " (read in "
                  + r.took().toMillis()
                  + " ms)");
      getLog().info("  at " + r.location());
    }
  }
}
