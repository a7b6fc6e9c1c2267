package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.ValidationResult;
import dev.modelregistry.model.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code registry validate}: reads a version's artifact and checks its size and sha256. */
@Command(
    name = "validate",
    description = "Check that a version's artifact is intact (size and sha256, read in full).")
final class ValidateSubcommand extends RegistrySubcommand {
  @Mixin ModelArgs target;

  @Option(names = "--version", description = "The version.")
  String version;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      ValidationResult v = r.validate().model(target.model).version(version).call();
      if (printJson(v)) {
        return ExitStatus.DONE;
      }
      say(
          v.model()
              + " "
              + v.version()
              + ": artifact intact, "
              + Text.bytes(v.pointer().size())
              + ", sha256 "
              + v.pointer().sha256().hex()
              + " (read in "
              + v.took().toMillis()
              + " ms)");
      say("  at " + v.location());
      return ExitStatus.DONE;
    }
  }
}
