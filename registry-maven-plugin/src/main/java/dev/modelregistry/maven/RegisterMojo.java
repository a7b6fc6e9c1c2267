package dev.modelregistry.maven;

import dev.modelregistry.git.Registration;
import dev.modelregistry.git.Registry;
import dev.modelregistry.model.Display;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Records a new immutable model version: hashes the artifact while copying it into the store and
 * commits {@code models/<model>/<version>/} on {@code main}. An identical retry is a no-op. On a
 * local path where no registry exists yet, creates one with the default policy.
 *
 * <p>In a project: the model defaults to the artifactId, the version to {@code v<project version>},
 * the artifact to the project's main artifact.
 */
@Mojo(
    name = "register",
    defaultPhase = LifecyclePhase.PACKAGE,
    requiresProject = false,
    threadSafe = true)
public class RegisterMojo extends AbstractRegistryMojo {

  /** The model's name. Default in a project: its artifactId. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** The version to register. Default in a project: {@code v} followed by the project version. */
  @Parameter(property = RegistryProperties.VERSION)
  String version;

  /** The model file. Default in a project: the project's main artifact. */
  @Parameter(property = RegistryProperties.ARTIFACT)
  File artifact;

  /**
   * An artifact already in a Maven repository, registered by reference instead of a file: {@code
   * mvn:<group>:<artifact>:<version>[:<type>[:<classifier>]]}, read from {@code store.url}, then
   * {@code store.also_read}. It is downloaded once, hashed and checked against the repository's
   * checksums; nothing is uploaded.
   */
  @Parameter(property = RegistryProperties.ARTIFACT_URI)
  String artifactUri;

  /**
   * A YAML or JSON file with metrics, dataset versions, parameters...; {@code metrics:} alone is
   * enough.
   */
  @Parameter(property = RegistryProperties.METADATA)
  File metadata;

  /**
   * The SSH key that signs the registration; needed where the policy requires signed registrations.
   */
  /**
   * Register a {@code -SNAPSHOT} project version too (as the pre-release {@code v1.2.0-SNAPSHOT}).
   * Off by default: a registered version is immutable, a SNAPSHOT is not, so the next build of the
   * same SNAPSHOT would be refused as other bytes under the same version.
   */
  @Parameter(property = "registry.snapshots", defaultValue = "false")
  boolean snapshots;

  /**
   * Where the goal writes what it registered, for later CI steps (model, version, sha256, commit,
   * registry).
   */
  @Parameter(
      property = "registry.registrationFile",
      defaultValue = "${project.build.directory}/registry-registration.json")
  File registrationFile;

  @Parameter(property = RegistryProperties.SIGNING_KEY)
  File signingKey;

  @Override
  protected void run() {
    String name = modelOrProject(model);
    if (version == null
        && inProject()
        && project.getVersion().endsWith("-SNAPSHOT")
        && !snapshots) {
      getLog()
          .info(
              "Skipped: "
                  + project.getVersion()
                  + " is a SNAPSHOT, and a registered version is immutable. Register a"
                  + " release version, or this build as a pre-release with -D"
                  + RegistryProperties.VERSION
                  + "=v"
                  + project.getVersion().replace("-SNAPSHOT", "-rc.1")
                  + " (or -Dregistry.snapshots=true for v"
                  + project.getVersion()
                  + ").");
      return;
    }
    String ver = versionOrProject(version);
    File file =
        artifact != null
            ? artifact
            : inProject() && artifactUri == null ? project.getArtifact().getFile() : null;
    // the registry is created (where there is none) only once every input has been checked
    Registration r =
        Registry.registerCreatingIfAbsent(url, options())
            .model(name)
            .version(ver)
            .artifact(file == null ? null : file.toPath())
            .artifactUri(artifactUri)
            .metadataFile(metadata == null ? null : metadata.toPath())
            .allowSymlinksInside(inProject() ? project.getBasedir().toPath() : null)
            .signingKey(signingKey == null ? null : signingKey.toPath())
            .progress(
                dev.modelregistry.git.text.CopyProgressText.of(
                    file == null ? null : file.toPath(), l -> getLog().info(l)))
            .call();
    writeRegistrationFile(r);
    if (printJson(r)) {
      return;
    }
    String what = r.model() + " " + r.version();
    r.repairs().forEach(n -> getLog().warn("Repaired: " + Display.escape(n)));
    if (r.alreadyRegistered()) {
      getLog()
          .info(
              what
                  + " is already registered with the same artifact and metadata: nothing written.");
    } else {
      getLog().info("Registered " + what + " in " + Display.escape(r.registry()));
    }
    getLog()
        .info(
            "  artifact "
                + Display.escape(r.pointer().fileName())
                + ", "
                + dev.modelregistry.model.Text.bytes(r.pointer().size())
                + ", sha256 "
                + r.pointer().sha256().hex());
    getLog().info("  stored at " + Display.escape(r.where()));
    getLog().info("  commit " + r.commit() + " on branch main");
  }

  /**
   * What was registered, for later steps of the same CI job: {@code
   * target/registry-registration.json} in a project.
   */
  private void writeRegistrationFile(Registration r) {
    if (!inProject() || registrationFile == null) {
      return;
    }
    java.util.Map<String, Object> what = new java.util.LinkedHashMap<>();
    what.put("model", r.model().value());
    what.put("version", r.version().value());
    what.put("sha256", r.pointer().sha256().hex());
    what.put("commit", r.commit());
    what.put("registry", r.registry());
    what.put("already_registered", r.alreadyRegistered());
    dev.modelregistry.model.AtomicFile.writeString(
        registrationFile.toPath(), dev.modelregistry.model.ResultJson.write(what));
    getLog().info("  written to " + registrationFile + " for later steps");
  }
}
