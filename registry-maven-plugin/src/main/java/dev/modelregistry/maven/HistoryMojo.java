package dev.modelregistry.maven;

import dev.modelregistry.git.HistoryCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.Instants;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A model's promotions and rollbacks, newest first: when, what, version, who signed, why. With
 * {@code registry.at}: which version the environment ran at that instant, who put it there and why.
 * Every commit read is signature-verified first.
 */
@Mojo(name = "history", requiresProject = false, threadSafe = true)
public class HistoryMojo extends AbstractRegistryMojo {

  /** The model. */
  @Parameter(property = RegistryProperties.MODEL)
  String model;

  /** The environment. */
  @Parameter(property = RegistryProperties.ENVIRONMENT, defaultValue = "production")
  String environment;

  /** An instant (ISO-8601: 2025-01-15T10:00:00Z; without a zone, this machine's zone). */
  @Parameter(property = RegistryProperties.AT)
  String at;

  /** The answer of the last run, for tests. */
  HistoryCommand.History history;

  @Override
  protected void run() {
    Instant instant =
        at == null || at.isBlank() ? null : Instants.parse(at, ZoneId.systemDefault());
    try (Registry registry = openRegistry()) {
      history =
          registry
              .history()
              .model(modelOrProject(model))
              .environment(environment)
              .at(instant)
              .call();
      if (printJson(history)) {
        return;
      }
      if (instant != null) {
        getLog().info(AnswerText.inForce(history, model, environment, instant, at));
      }
      if (history.entries().isEmpty()) {
        getLog().info(model + " has never been in " + environment + ".");
        return;
      }
      getLog().info(model + " in " + environment + ", newest first:");
      AnswerText.history(history.entries()).forEach(l -> getLog().info("  " + l));
      AnswerText.collected(history.collected()).forEach(this::info);
    }
  }
}
