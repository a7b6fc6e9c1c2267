package dev.modelregistry.git;

import dev.modelregistry.git.internal.ArtifactCheck;
import dev.modelregistry.git.internal.BranchCheck;
import dev.modelregistry.git.internal.ImmutabilityCheck;
import dev.modelregistry.git.internal.LastVerify;
import dev.modelregistry.git.internal.LiveVersionCheck;
import dev.modelregistry.git.internal.LockFileCheck;
import dev.modelregistry.git.internal.MainCheck;
import dev.modelregistry.git.internal.ObjectCheck;
import dev.modelregistry.git.internal.RewindCheck;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.VerifyRun;
import dev.modelregistry.git.internal.VersionCheck;
import java.util.List;

/**
 * Checks the whole registry, for CI: every commit on each environment (and promotion) branch signed
 * by a key trusted at that commit, with the approvals its policy required; trust changes on main
 * signed by a key trusted before them; registered files never changed; every pointer's artifact
 * present with the right size and sha256; every object reachable from every ref readable and well
 * formed (what {@code git fsck} finds). Reports every finding, trusting nothing remembered.
 */
public final class VerifyCommand extends RegistryCommand<VerifyCommand.Report> {
  private boolean artifactsInEnvironmentsOnly;
  private String pinnedRoot;
  private java.nio.file.Path tipsFile;
  private Progress progress = (phase, done, total) -> {};

  /** Told how far a long verification has come. */
  @FunctionalInterface
  public interface Progress {
    void at(String phase, long done, long total);
  }

  VerifyCommand(Registry registry) {
    super(registry);
  }

  /**
   * Read only the artifacts that some environment runs or ran (faster); default: every version's.
   */
  public VerifyCommand artifactsInEnvironmentsOnly(boolean only) {
    this.artifactsInEnvironmentsOnly = only;
    return this;
  }

  /**
   * Pins the registry's root of trust: the id of its first commit (as {@code init} printed it; at
   * least 7 hex digits) or, as {@code SHA256:...}, the fingerprint of the key that signed that
   * commit. A registry whose history starts anywhere else (rewritten under a new root, or another
   * registry at this URL) is a finding, however well it is signed.
   */
  public VerifyCommand pinnedRoot(String root) {
    this.pinnedRoot = root == null || root.isBlank() ? null : root.strip();
    return this;
  }

  /**
   * A file of the branch tips a previous run saw (a CI job keeps it between runs; absent the first
   * time). A branch whose tip then is no longer in its history was rewound or rewritten: a finding.
   * The file is then updated with this run's tips, except for rewound branches, which stay findings
   * until someone who checked the new history removes their line.
   */
  public VerifyCommand tipsFile(java.nio.file.Path file) {
    this.tipsFile = file;
    return this;
  }

  public VerifyCommand progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /** One problem: where it is and what to do about it. */
  public record Finding(String where, String commit, String problem, String fix) {
    @Override
    public String toString() {
      return where
          + (commit == null ? "" : " @ " + commit.substring(0, 12))
          + ": "
          + problem
          + "\n    fix: "
          + fix;
    }
  }

  /** Everything verify found, and what it looked at. */
  public record Report(
      List<Finding> findings, int commits, int versions, int artifacts, long objects) {
    public boolean clean() {
      return findings.isEmpty();
    }

    public String summary() {
      return (clean()
              ? "Registry verified: "
              : "Registry NOT verified: " + findings.size() + " finding(s); ")
          + commits
          + " commits, "
          + versions
          + " versions, "
          + artifacts
          + " artifacts, "
          + objects
          + " objects checked.";
    }
  }

  @Override
  Report run() {
    try (Snapshot s = Snapshot.take(registry.context())) {
      VerifyRun run = new VerifyRun(registry.context(), s, progress::at);
      run.progress("signatures", 0, 1);
      MainCheck.run(run, pinnedRoot);
      if (tipsFile != null) {
        RewindCheck.run(run, tipsFile);
      }
      int commits = BranchCheck.run(run);
      run.progress("signatures", 1, 1);
      ImmutabilityCheck.run(run);
      LiveVersionCheck.run(run);
      int[] versions = {0};
      List<VersionCheck.Registered> readable = VersionCheck.run(run, versions);
      int artifacts = ArtifactCheck.run(run, readable, artifactsInEnvironmentsOnly);
      long objects = ObjectCheck.run(run);
      LockFileCheck.run(run);
      List<Finding> findings =
          run.findings().stream()
              .map(f -> new Finding(f.where(), f.commit(), f.problem(), f.fix()))
              .toList();
      Report report = new Report(findings, commits, versions[0], artifacts, objects);
      LastVerify.record(registry.context(), report.clean(), report.summary());
      return report;
    }
  }
}
