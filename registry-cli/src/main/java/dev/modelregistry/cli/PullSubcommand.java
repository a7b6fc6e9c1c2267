package dev.modelregistry.cli;

import dev.modelregistry.git.PullCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.CopyProgressText;
import dev.modelregistry.model.Text;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry pull}: writes the artifact an environment runs (or a named version's) to a file,
 * checked.
 */
@Command(
    name = "pull",
    description = {
      "Write the artifact an environment runs (or a version's) to a file.",
      "Its size and sha256 are checked as it is written."
    })
final class PullSubcommand extends RegistrySubcommand {
  @Mixin ModelArgs target;

  @Option(names = "--version", description = "A named version; default: what the environment runs.")
  String version;

  @Option(
      names = {"-e", "--environment"},
      defaultValue = "production",
      description =
          "The environment whose version to pull. Default: $REGISTRY_ENVIRONMENT, else ${DEFAULT-VALUE}.")
  String environment;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH",
      description = "The file or directory to write to.")
  Path output;

  @Option(names = "--force", description = "Replace a different file already at the output path.")
  boolean force;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      PullCommand.Pulled p =
          r.pull()
              .model(target.model)
              .version(version)
              .environment(environment)
              .to(output)
              .force(force)
              .progress(CopyProgressText.ofPull(this::progress))
              .call();
      if (printJson(p)) {
        return ExitStatus.DONE;
      }
      say(
          "Pulled "
              + p.model()
              + " "
              + p.version()
              + (p.environment() == null ? "" : " (what " + p.environment() + " runs)")
              + " to "
              + p.path()
              + ": "
              + Text.bytes(p.size())
              + ", sha256 "
              + p.sha256().hex()
              + " (checked)");
      return ExitStatus.DONE;
    }
  }
}
