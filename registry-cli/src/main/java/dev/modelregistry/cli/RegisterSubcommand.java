package dev.modelregistry.cli;

import dev.modelregistry.git.Registration;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.CopyProgressText;
import dev.modelregistry.model.Text;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry register}: records a new immutable version (creating a local registry where there
 * is none).
 */
@Command(
    name = "register",
    description = {
      "Record a new immutable version of a model.",
      "Hashes the artifact while copying it into the store and commits models/<model>/<version>/ on main. An identical",
      "retry writes nothing. On a local path with no registry yet, creates one with the default policy."
    })
final class RegisterSubcommand extends RegistrySubcommand {

  @Option(names = "--model", description = "The model's name. Default: $REGISTRY_MODEL.")
  String model;

  @Option(names = "--version", description = "The version to register (v1.2.0).")
  String version;

  @Option(names = "--artifact", paramLabel = "FILE", description = "The model file.")
  Path artifact;

  @Option(
      names = "--artifact-uri",
      paramLabel = "MVN_URI",
      description = {
        "Register an artifact already in a Maven repository, by reference, instead of --artifact:",
        "mvn:<group>:<artifact>:<version>[:<type>[:<classifier>]], read from store.url, then store.also_read.",
        "It is downloaded once, hashed and checked against the repository's checksums; nothing is uploaded."
      })
  String artifactUri;

  @Option(
      names = "--metadata",
      paramLabel = "FILE",
      description =
          "A YAML or JSON file with metrics, dataset versions, parameters...; metrics: alone is enough.")
  Path metadata;

  @Mixin SigningArgs signing;

  @Override
  protected ExitStatus run() {
    Registration r =
        Registry.registerCreatingIfAbsent(url(), options())
            .model(model)
            .version(version)
            .artifact(artifact)
            .artifactUri(artifactUri)
            .metadataFile(metadata)
            .signingKey(signing.signingKey)
            .progress(CopyProgressText.of(artifact, this::progress))
            .call();
    if (printJson(r)) {
      return ExitStatus.DONE;
    }
    r.repairs().forEach(n -> warn("Repaired: " + n));
    say(
        (r.alreadyRegistered()
            ? r.model()
                + " "
                + r.version()
                + " is already registered with the same artifact and metadata:"
                + " nothing written."
            : "Registered " + r.model() + " " + r.version() + " in " + r.registry()));
    say(
        "  artifact "
            + r.pointer().fileName()
            + ", "
            + Text.bytes(r.pointer().size())
            + ", sha256 "
            + r.pointer().sha256().hex());
    say("  stored at " + r.where());
    say("  commit " + r.commit() + " on branch main");
    return ExitStatus.DONE;
  }
}
