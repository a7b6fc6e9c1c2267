package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.VersionInfo;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code registry show}: one version's status, artifact and metadata. */
@Command(name = "show", description = "Show one version: status, artifact pointer, metadata.")
final class ShowSubcommand extends RegistrySubcommand {
  @Mixin ModelArgs target;

  @Option(names = "--version", description = "The version.")
  String version;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      VersionInfo v = r.show().model(target.model).version(version).call();
      if (printJson(v)) {
        return ExitStatus.DONE;
      }
      say(v.model() + " " + v.version() + ": " + v.status().label());
      v.collected()
          .ifPresent(
              c ->
                  say(
                      "  "
                          + AnswerText.collected(v.version().value(), c)
                          + "; its artifact bytes may be gone from the store"));
      v.failure()
          .ifPresent(
              f -> say("  failed: " + f.reason() + " (by " + f.by() + " at " + f.at() + ")"));
      say(
          "  artifact "
              + v.pointer().fileName()
              + ", "
              + Text.bytes(v.pointer().size())
              + ", sha256 "
              + v.pointer().sha256().hex());
      say("  at " + v.artifactLocation());
      say("metadata.yaml:");
      say(SafeMapper.writeYaml(v.metadata()).indent(2).stripTrailing());
      return ExitStatus.DONE;
    }
  }
}
