package dev.modelregistry.cli;

import dev.modelregistry.git.HistoryCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.Instants;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code registry history}: an environment's promotions and rollbacks, or what ran at an instant. */
@Command(name = "history", description = {"Who put which version live, when and why; or what ran at --at.",
    "With --at: which version ran at that instant, who put it there and why. Every commit read is verified first."})
final class HistorySubcommand extends RegistrySubcommand {
  @Option(names = "--model", description = "The model. Default: $REGISTRY_MODEL.")
  String model;

  @Option(names = {"-e", "--environment"}, defaultValue = "production",
      description = "The environment. Default: $REGISTRY_ENVIRONMENT, else ${DEFAULT-VALUE}.")
  String environment;

  @Option(names = "--at", paramLabel = "INSTANT",
      description = "An instant, ISO-8601: 2025-01-15T09:30:00Z, or without a zone in this machine's zone.")
  String at;

  @Override
  protected ExitStatus run() {
    Instant instant = at == null || at.isBlank() ? null : Instants.parse(at, ZoneId.systemDefault());
    try (Registry r = open()) {
      HistoryCommand.History history = r.history().model(model).environment(environment).at(instant).call();
      if (printJson(history)) {
        return ExitStatus.DONE;
      }
      if (instant != null) {
        say(AnswerText.inForce(history, model, environment, instant, at));
      }
      if (history.entries().isEmpty()) {
        say(model + " has never been in " + environment + ".");
        return ExitStatus.DONE;
      }
      say(model + " in " + environment + ", newest first:");
      AnswerText.history(history.entries()).forEach(l -> say("  " + l));
      return ExitStatus.DONE;
    }
  }
}
