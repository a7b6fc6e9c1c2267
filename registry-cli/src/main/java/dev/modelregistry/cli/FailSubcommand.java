package dev.modelregistry.cli;

import dev.modelregistry.git.FailCommand;
import dev.modelregistry.git.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry fail}: marks a version failed (a signed commit), so no gate lets it into an
 * environment again.
 */
@Command(
    name = "fail",
    description = {
      "Mark a version failed, so that it never goes live again.",
      "A signed commit. It does not change what runs: roll back too if it is live."
    })
final class FailSubcommand extends RegistrySubcommand {
  @Mixin ModelArgs target;

  @Option(names = "--version", description = "The version.")
  String version;

  @Option(names = "--reason", description = "Why; required.")
  String reason;

  @Mixin SigningArgs signing;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      FailCommand.Outcome o =
          r.fail()
              .model(target.model)
              .version(version)
              .reason(reason)
              .signingKey(signing.signingKey)
              .call();
      if (printJson(o)) {
        return ExitStatus.DONE;
      }
      say(
          "Marked "
              + o.model()
              + " "
              + o.version()
              + " failed: "
              + o.mark().reason()
              + " (signed commit "
              + o.commit()
              + ").");
      for (String env : o.liveIn()) {
        warn(
            o.model()
                + " "
                + o.version()
                + " is STILL LIVE in "
                + env
                + ". Marking it failed does not change what runs."
                + " Roll back now:");
        warn(
            "  registry rollback --url "
                + r.location()
                + " --model "
                + o.model()
                + " --environment "
                + env
                + " --version "
                + o.version()
                + " --reason \""
                + o.version()
                + " failed\"");
      }
      return ExitStatus.DONE;
    }
  }
}
