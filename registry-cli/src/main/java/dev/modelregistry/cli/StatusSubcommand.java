package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.StatusCommand;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.EnvironmentRecord;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code registry status}: what runs in every environment, and the registry's health at a glance.
 */
@Command(
    name = "status",
    description = {
      "What runs in every environment, and the registry's health.",
      "Counts of models, versions and artifacts, lock files left behind, the last verify on this machine."
    })
final class StatusSubcommand extends RegistrySubcommand {
  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      StatusCommand.Status s = r.status().call();
      if (printJson(s)) {
        return ExitStatus.DONE;
      }
      say(
          "Registry "
              + r.location()
              + ": "
              + s.models()
              + " model(s), "
              + s.versions()
              + " version(s) ("
              + s.failed()
              + " failed), "
              + s.artifacts()
              + " artifact(s).");
      say("Last verify on this machine: " + s.lastVerify().orElse("never (run registry verify)"));
      s.lockFiles().forEach(l -> warn("Lock file " + l));
      for (Map.Entry<String, List<EnvironmentRecord>> env : s.running().entrySet()) {
        if (env.getValue().isEmpty()) {
          say(env.getKey() + ": nothing promoted yet.");
          continue;
        }
        say(env.getKey() + ":");
        AnswerText.running(env.getValue()).forEach(l -> say("  " + l));
      }
      return ExitStatus.DONE;
    }
  }
}
