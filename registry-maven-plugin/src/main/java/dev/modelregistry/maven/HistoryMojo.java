package dev.modelregistry.maven;

import dev.modelregistry.model.HistoryEntry;

import dev.modelregistry.git.HistoryCommand;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.git.Registry;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.Instants;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
    Instant instant = at == null || at.isBlank() ? null : Instants.parse(at, ZoneId.systemDefault());
    try (Registry registry = openRegistry()) {
      history = registry.history().model(modelOrProject(model)).environment(environment).at(instant).call();
      if (printJson(history)) {
        return;
      }
      if (instant != null) {
        String when = instant + (at.strip().equals(instant.toString()) ? "" : " (" + at.strip() + ")");
        getLog().info(history.inForce()
            .map(e -> "At " + when + " " + environment + " ran " + model + " " + e.record().version() + ": " + verb(e)
                + " " + e.at() + " by " + Display.escape(e.signer())
                + (e.reason() == null ? "" : ", reason: " + Display.escape(e.reason()))
                + " (commit " + e.commit().substring(0, 12) + ", sha256 " + e.record().sha256().abbreviated() + ")")
            .orElse("At " + when + " " + environment + " ran no version of " + model + "."));
      }
      if (history.entries().isEmpty()) {
        getLog().info(model + " has never been in " + environment + ".");
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("LIVE FROM", "ACTION", "VERSION", "SIGNED BY", "COMMIT", "REASON"));
      for (HistoryEntry e : history.entries()) {
        rows.add(List.of(e.at().truncatedTo(ChronoUnit.SECONDS).toString(), e.action(),
            e.record() == null ? "-" : e.record().version(), e.signer(), e.commit().substring(0, 12),
            e.reason() == null ? "" : e.reason()));
      }
      getLog().info(model + " in " + environment + ", newest first:");
      Format.table(rows).forEach(l -> getLog().info("  " + l));
    }
  }

  private static String verb(HistoryEntry e) {
    return "rollback".equals(e.action()) ? "rolled back to it" : "promoted";
  }
}
