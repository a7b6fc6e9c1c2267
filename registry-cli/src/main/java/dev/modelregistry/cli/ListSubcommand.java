package dev.modelregistry.cli;

import dev.modelregistry.git.ListCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.VersionSummary;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.VersionStatus;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code registry list}: versions with status and metrics, newest first or by a metric. */
@Command(
    name = "list",
    description = "List versions with status and metrics: newest first, or by a metric.")
final class ListSubcommand extends RegistrySubcommand {
  @Option(
      names = "--model",
      description = "The model; every model if not given. Default: $REGISTRY_MODEL.")
  String model;

  @Option(
      names = "--status",
      description = "Only versions with this status: staged, production, archived or failed.")
  String status;

  @Option(
      names = "--sort",
      paramLabel = "METRIC",
      description = "Sort by this metric, highest first (for example sharpe).")
  String sort;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      ListCommand list = r.list().model(model).sortBy(sort);
      if (status != null && !status.isBlank()) {
        list.status(VersionStatus.parse(status));
      }
      List<VersionSummary> rows = list.call();
      if (printJson(Map.of("versions", rows))) {
        return ExitStatus.DONE;
      }
      if (rows.isEmpty()) {
        say(
            "No versions"
                + (model == null ? "" : " of " + model)
                + (status == null ? "" : " with status " + status)
                + " in "
                + r.location()
                + ".");
      } else {
        AnswerText.versions(rows).forEach(this::say);
      }
      return ExitStatus.DONE;
    }
  }
}
