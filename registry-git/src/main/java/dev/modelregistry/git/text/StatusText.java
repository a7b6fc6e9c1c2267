package dev.modelregistry.git.text;

import dev.modelregistry.git.StatusCommand;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.Text;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lines of {@code status}, the same in every front end: counts, the last backup, the last
 * verify, then what each environment runs. Warnings and lock files are the front end's to print as
 * warnings.
 */
public final class StatusText {
  private StatusText() {}

  /** The answer for the registry at {@code location}. */
  public static List<String> lines(StatusCommand.Status s, String location) {
    List<String> out = new ArrayList<>();
    out.add(
        "Registry "
            + location
            + ": "
            + s.models()
            + " model(s), "
            + s.versions()
            + " version(s) ("
            + s.failed()
            + " failed), "
            + s.artifacts()
            + " artifact(s).");
    out.add(backup(s));
    out.add(verify(s));
    for (Map.Entry<String, List<EnvironmentRecord>> env : s.running().entrySet()) {
      if (env.getValue().isEmpty()) {
        out.add(env.getKey() + ": nothing promoted yet.");
        continue;
      }
      out.add(env.getKey() + ":");
      AnswerText.running(env.getValue()).forEach(l -> out.add("  " + l));
    }
    return out;
  }

  private static String backup(StatusCommand.Status s) {
    if (s.lastBackup().isEmpty()) {
      return "Last backup: none"
          + s.backupLocation().map(l -> " at " + l).orElse(" (no backup location set)")
          + ".";
    }
    StatusCommand.Backup b = s.lastBackup().get();
    return "Last backup: "
        + b.createdAt().truncatedTo(ChronoUnit.SECONDS)
        + " "
        + b.path()
        + " ("
        + b.refs()
        + " refs, "
        + b.artifacts()
        + " artifacts, "
        + Text.bytes(b.bytes())
        + "): "
        + (b.intact()
            ? "intact (manifest, file sizes and bundle refs checked)"
            : "DAMAGED (" + b.problems().size() + " problem(s))")
        + "; "
        + changed(b.changedSince())
        + ".";
  }

  private static String verify(StatusCommand.Status s) {
    if (s.lastVerify().isEmpty()) {
      return "Last verify on this machine: never.";
    }
    StatusCommand.Verify v = s.lastVerify().get();
    return "Last verify on this machine: "
        + v.at().truncatedTo(ChronoUnit.SECONDS)
        + " "
        + Display.escape(v.summary())
        + v.changedSince().map(c -> " " + changed(c) + ".").orElse("");
  }

  private static String changed(List<String> branches) {
    return branches.isEmpty()
        ? "registry unchanged since"
        : "changed since: " + String.join(", ", branches);
  }
}
