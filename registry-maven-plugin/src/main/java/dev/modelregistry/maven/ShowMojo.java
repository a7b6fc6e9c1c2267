package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.VersionInfo;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.SafeMapper;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Shows one version: status, artifact, where its bytes are, and its full metadata. */
@Mojo(name = "show", requiresProject = false, threadSafe = true)
public class ShowMojo extends AbstractRegistryMojo {

  /** The model. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** The version. */
  @Parameter(property = RegistryProperties.VERSION)
  String version;

  /** The result of the last run, for tests. */
  VersionInfo shown;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      shown =
          registry.show().model(modelOrProject(model)).version(versionOrProject(version)).call();
      if (printJson(shown)) {
        return;
      }
      getLog().info(shown.model() + " " + shown.version() + ": " + shown.status().label());
      shown
          .collected()
          .ifPresent(
              c ->
                  info(
                      "  "
                          + AnswerText.collected(shown.version().value(), c)
                          + "; its artifact bytes may be gone from the store"));
      shown
          .failure()
          .ifPresent(
              f ->
                  getLog()
                      .info(
                          "  failed: "
                              + Display.escape(f.reason())
                              + " (by "
                              + Display.escape(f.by())
                              + " at "
                              + f.at()
                              + ")"));
      getLog()
          .info(
              "  artifact "
                  + Display.escape(shown.pointer().fileName())
                  + ", "
                  + dev.modelregistry.model.Text.bytes(shown.pointer().size())
                  + ", sha256 "
                  + shown.pointer().sha256().hex());
      getLog().info("  at " + Display.escape(shown.artifactLocation()));
      getLog().info("metadata.yaml:");
      info(SafeMapper.writeYaml(shown.metadata()).indent(2));
    }
  }
}
