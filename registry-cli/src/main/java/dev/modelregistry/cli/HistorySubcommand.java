package dev.modelregistry.cli;

import dev.modelregistry.git.HistoryCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.Instants;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry history}: an environment's promotions and rollbacks, or what ran at an instant.
 */
@Command(
    name = "history",
    description = {
      "Who put which version live, when and why; or what ran at --at.",
      "With --at: which version ran at that instant, who put it there and why. Every commit read is verified first."
    })
final class HistorySubcommand extends RegistrySubcommand {
  @Mixin ModelArgs target;

  @Mixin EnvironmentArgs where;

  @Option(
      names = "--at",
      paramLabel = "INSTANT",
      description =
          "An instant, ISO-8601: 2025-01-15T09:30:00Z, or without a zone in this machine's zone.")
  String at;

  @Override
  protected ExitStatus run() {
    Instant instant =
        at == null || at.isBlank() ? null : Instants.parse(at, ZoneId.systemDefault());
    try (Registry r = open()) {
      HistoryCommand.History history =
          r.history().model(target.model).environment(where.environment).at(instant).call();
      if (printJson(history)) {
        return ExitStatus.DONE;
      }
      if (instant != null) {
        say(AnswerText.inForce(history, target.model, where.environment, instant, at));
      }
      if (history.entries().isEmpty()) {
        say(target.model + " has never been in " + where.environment + ".");
        return ExitStatus.DONE;
      }
      say(target.model + " in " + where.environment + ", newest first:");
      AnswerText.history(history.entries()).forEach(l -> say("  " + l));
      AnswerText.collected(history.collected()).forEach(this::say);
      return ExitStatus.DONE;
    }
  }
}
