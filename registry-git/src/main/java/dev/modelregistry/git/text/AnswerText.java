package dev.modelregistry.git.text;

import dev.modelregistry.git.HistoryCommand;
import dev.modelregistry.git.VersionSummary;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.SignerRole;
import dev.modelregistry.model.Text;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The lines a person reads for an answer of the library, the same in every front end. */
public final class AnswerText {
  private static final int MAX_METRIC_COLUMNS = 6;

  private AnswerText() {}

  /**
   * Versions with status, the common metrics first (at most six metric columns), size and sha256.
   */
  public static List<String> versions(List<VersionSummary> rows) {
    Set<String> metrics = new LinkedHashSet<>(List.of("ic", "sharpe"));
    rows.forEach(r -> metrics.addAll(r.metrics().keySet()));
    List<String> shown =
        metrics.stream()
            .filter(m -> rows.stream().anyMatch(r -> r.metrics().containsKey(m)))
            .limit(MAX_METRIC_COLUMNS)
            .toList();
    List<List<String>> cells = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("MODEL", "VERSION", "STATUS"));
    shown.forEach(m -> header.add(m.toUpperCase(Locale.ROOT)));
    header.addAll(List.of("CREATED", "SIZE", "SHA256"));
    cells.add(header);
    for (VersionSummary r : rows) {
      List<String> row =
          new ArrayList<>(List.of(r.model().value(), r.version().value(), r.status().label()));
      shown.forEach(m -> row.add(Text.number(r.metrics().get(m))));
      row.add(
          r.createdAt() == null ? "-" : r.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
      row.add(Text.bytes(r.size()));
      row.add(r.sha256().abbreviated());
      cells.add(row);
    }
    return Text.table(cells);
  }

  /**
   * The trusted signers as the lines of an OpenSSH {@code allowed_signers} file, each limited
   * signer's line after a comment that names its role: the text stays a file {@code git
   * verify-commit} reads ({@code ssh-keygen} skips lines that start with {@code #}, and refuses
   * options it does not know, so the role cannot go in the line itself).
   */
  public static List<String> signers(TrustedSigners signers) {
    List<String> out = new ArrayList<>();
    for (String line : signers.lines()) {
      String principal = TrustedSigners.principalOf(line);
      Set<SignerRole> roles = signers.rolesOf(principal);
      if (!roles.isEmpty()) {
        out.add("# " + Display.escape(principal) + ": role " + SignerRole.describe(roles));
      }
      out.add(line);
    }
    return out;
  }

  /** The roles of the limited signers, by principal, for a script ({@code rollback}...). */
  public static java.util.Map<String, List<String>> roles(TrustedSigners signers) {
    java.util.Map<String, List<String>> out = new java.util.TreeMap<>();
    signers
        .roles()
        .forEach((p, r) -> out.put(p, r.stream().sorted().map(SignerRole::value).toList()));
    return out;
  }

  /** An environment's promotions and rollbacks, newest first. */
  public static List<String> history(List<HistoryEntry> entries) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("LIVE FROM", "ACTION", "VERSION", "SIGNED BY", "COMMIT", "REASON"));
    for (HistoryEntry e : entries) {
      rows.add(
          List.of(
              e.at().truncatedTo(ChronoUnit.SECONDS).toString(),
              e.action(),
              e.record() == null ? "-" : e.record().version(),
              e.signer(),
              e.commit().substring(0, 12),
              e.reason() == null ? "" : e.reason()));
    }
    return Text.table(rows);
  }

  /**
   * The answer to "which version ran at {@code instant}?": the version, how and when it went live,
   * who signed it and why. {@code asGiven} is the instant as the user typed it, shown when it
   * differs.
   */
  public static String inForce(
      HistoryCommand.History history,
      String model,
      String environment,
      Instant instant,
      String asGiven) {
    String when =
        instant
            + (asGiven == null || asGiven.strip().equals(instant.toString())
                ? ""
                : " (" + asGiven.strip() + ")");
    return history
        .inForce()
        .map(
            e ->
                "At "
                    + when
                    + " "
                    + environment
                    + " ran "
                    + model
                    + " "
                    + e.record().version()
                    + ": "
                    + ("rollback".equals(e.action()) ? "rolled back to it" : "promoted")
                    + " "
                    + e.at()
                    + " by "
                    + Display.escape(e.signer())
                    + (e.reason() == null ? "" : ", reason: " + Display.escape(e.reason()))
                    + " (commit "
                    + e.commit().substring(0, 12)
                    + ", sha256 "
                    + e.record().sha256().abbreviated()
                    + ")")
        .orElse("At " + when + " " + environment + " ran no version of " + model + ".");
  }

  /** What runs in one environment: model, version, since when, by whom, sha256. */
  public static List<String> running(List<EnvironmentRecord> records) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("MODEL", "VERSION", "SINCE", "BY", "SHA256"));
    for (EnvironmentRecord r : records) {
      rows.add(
          List.of(
              r.model(),
              r.version(),
              r.promotedAt() == null
                  ? "-"
                  : r.promotedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
              r.promotedBy() == null ? "-" : r.promotedBy(),
              r.sha256().abbreviated()));
    }
    return Text.table(rows);
  }

  /** One line per gate: ok or FAIL, the gate, the value found and what it needs. */
  public static List<String> gates(List<GateResult> gates) {
    return gates.stream()
        .map(
            g ->
                String.format(
                    "%-4s %-18s %-14s needs %s",
                    g.passed() ? "ok" : "FAIL",
                    Display.escape(g.gate()),
                    Display.escape(g.actual()),
                    Display.escape(g.required())))
        .toList();
  }

  /**
   * The backups at a location: name, when taken, refs, artifacts, size, and whether each verifies.
   */
  public static List<String> backups(List<dev.modelregistry.git.BackupsCommand.Entry> backups) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("BACKUP", "TAKEN", "REFS", "ARTIFACTS", "SIZE", "VERIFIED"));
    for (dev.modelregistry.git.BackupsCommand.Entry e : backups) {
      rows.add(
          List.of(
              e.name(),
              e.createdAt() == null
                  ? "?"
                  : e.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
              String.valueOf(e.refs().size()),
              String.valueOf(e.artifacts()),
              Text.bytes(e.bytes()),
              Boolean.TRUE.equals(e.verified()) ? "yes" : "NO"));
    }
    return Text.table(rows);
  }

  /** What a reviewer's approval of a promotion did: who approved so far, and whether it moved. */
  public static List<String> approval(
      dev.modelregistry.git.ApproveCommand.Approval a, String environment) {
    String what = a.model() + " " + a.version();
    return List.of(
        "Approved "
            + what
            + " for "
            + environment
            + " (signed commit "
            + a.commit()
            + "); approvals "
            + a.approvers().size()
            + " of "
            + a.required()
            + ": "
            + Display.escape(String.join(", ", a.approvers())),
        a.merged()
            ? environment + " now runs " + what + "."
            : "Waiting for "
                + (a.required() - a.approvers().size())
                + " more approval(s) before "
                + environment
                + " moves.");
  }

  /** What an approval of a policy change did: who approved so far, and whether it is in force. */
  public static List<String> policyApproval(
      dev.modelregistry.git.ApprovePolicyCommand.PolicyApproval a) {
    return List.of(
        "Approved the policy change "
            + a.change()
            + " (signed commit "
            + a.commit()
            + "); approvals "
            + a.approvers().size()
            + " of "
            + a.required()
            + ": "
            + Display.escape(String.join(", ", a.approvers())),
        a.inForce()
            ? "The change is in force now."
            : "Waiting for "
                + (a.required() - a.approvers().size())
                + " more approval(s) before the change is in force.");
  }

  /**
   * What a rollback did, would do (a dry run: {@code runForReal} says how to do it, in the front
   * end's syntax) or found already done, for the version {@code takenOut} asked to take out (null
   * for one step down the stack).
   */
  public static List<String> rollback(
      dev.modelregistry.git.Rollback b, String takenOut, String reason, String runForReal) {
    String model = b.from().model();
    if (b.alreadyOut()) {
      return List.of(
          "Nothing to do: "
              + model
              + " "
              + takenOut
              + " no longer runs in "
              + b.environment()
              + "; it runs "
              + b.from().version()
              + " (by "
              + b.from().promotedBy()
              + "). Commit "
              + b.takenOutBy()
              + " took "
              + takenOut
              + " out. Nothing written.");
    }
    String change =
        model
            + " in "
            + b.environment()
            + ": "
            + b.from().version()
            + " -> "
            + b.to().version()
            + (b.reverted() == null
                ? " (named target)"
                : " (undoes promotion " + b.reverted().substring(0, 12) + ")");
    if (b.dryRun()) {
      return List.of(
          "Dry run: would roll back "
              + change
              + ". "
              + b.to().version()
              + " is not failed and its artifact validates. Nothing written; "
              + runForReal
              + " to do it.");
    }
    return List.of(
        "Rolled back " + change + ".",
        "  signed commit "
            + b.commit()
            + " on branch "
            + b.environment()
            + "; reason: "
            + Display.escape(reason));
  }

  /**
   * The report of {@code gc}, shaped as the seeds' GC report: the policy, how many versions of each
   * status expired, the space to reclaim, one line per version; for a forced run, the commit and
   * what the store gave back. Saying how to run it for real is the front end's.
   */
  public static List<String> gc(dev.modelregistry.git.GcReport r) {
    List<String> out = new ArrayList<>();
    out.add(r.dryRun() ? "GC Report (dry run: nothing was removed)" : "GC Report");
    out.add("---------");
    out.add("Retention: " + r.retention().summary() + ".");
    if (r.candidates().isEmpty()) {
      out.add("Nothing to collect: every version is within the policy or still needed.");
    } else {
      for (dev.modelregistry.model.VersionStatus s :
          dev.modelregistry.model.VersionStatus.values()) {
        long n = r.candidates().stream().filter(c -> c.status() == s).count();
        if (n > 0) {
          out.add("Expired " + s.label() + " versions: " + n);
        }
      }
      out.add(
          (r.dryRun() ? "Total space to reclaim: " : "Space reclaimed: ")
              + Text.bytes(r.dryRun() ? r.reclaimable() : r.deletedBytes())
              + " ("
              + (r.dryRun() ? r.reclaimableArtifacts() : r.deletedArtifacts())
              + " artifact(s) no other version or environment uses)");
      out.add("");
      out.add(
          r.dryRun()
              ? "Versions to remove:"
              : "Versions removed (signed commit " + r.commit() + " on main):");
      for (dev.modelregistry.git.GcReport.Candidate c : r.candidates()) {
        out.add(
            "- "
                + c.model()
                + "/"
                + c.version()
                + " ("
                + c.status().label()
                + ", "
                + c.ageDays()
                + " days old"
                + (c.idleDays() < c.ageDays() ? ", idle " + c.idleDays() + " days" : "")
                + ", "
                + Text.bytes(c.bytes())
                + ")");
      }
    }
    if (!r.dryRun() && r.inUse() > 0) {
      out.add(
          r.inUse()
              + " unreferenced artifact(s) stay in the store: a writer used them within the last"
              + " day. The next gc deletes them if they are still unused.");
    }
    return out;
  }

  /** How versions named in a history left the catalogue: one line each. */
  public static List<String> collected(java.util.Map<String, dev.modelregistry.model.Collected> c) {
    List<String> out = new ArrayList<>();
    c.forEach((version, how) -> out.add(collected(version, how)));
    return out;
  }

  /** One version's collection, in a line: when, by whom, which commit. */
  public static String collected(String version, dev.modelregistry.model.Collected how) {
    return version
        + (how.byGc()
            ? " was collected by gc"
            : " was removed from the catalogue by hand (not a signed gc; verify reports it)")
        + " on "
        + how.at()
        + " by "
        + Display.escape(how.by())
        + " (commit "
        + how.commit().substring(0, 12)
        + "); its metadata stays in the history";
  }
}
