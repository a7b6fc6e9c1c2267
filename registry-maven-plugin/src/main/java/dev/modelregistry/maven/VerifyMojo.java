package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.VerifyCommand;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the whole registry, for CI: signatures and trust on every environment branch, required
 * approvals, immutable files, every artifact's size and sha256, and the object database. Lists
 * every finding with where it is and what to do, and fails the build if there is one.
 */
@Mojo(name = "verify", requiresProject = false, threadSafe = true)
public class VerifyMojo extends AbstractRegistryMojo {

  /** Read only the artifacts environments run or ran, not every version's (faster). */
  @Parameter(property = "registry.environmentArtifactsOnly", defaultValue = "false")
  boolean environmentArtifactsOnly;

  /**
   * The registry's root of trust, pinned: the first commit's id that {@code init} printed, or the
   * SHA256 fingerprint of the key that signed it. Another root is a finding.
   */
  @Parameter(property = RegistryProperties.ROOT)
  String root;

  /**
   * A file of the branch tips the last run saw, kept by the CI job between runs (created the first
   * time): a branch rewound or rewritten since is a finding, even on a fresh clone.
   */
  @Parameter(property = RegistryProperties.TIPS)
  java.io.File tips;

  /** The report of the last run, for tests. */
  VerifyCommand.Report report;

  @Override
  protected void run() throws MojoFailureException {
    try (Registry registry = openRegistry()) {
      long[] last = {System.nanoTime()};
      report =
          registry
              .verify()
              .artifactsInEnvironmentsOnly(environmentArtifactsOnly)
              .pinnedRoot(root)
              .tipsFile(tips == null ? null : tips.toPath())
              .progress(
                  (phase, done, total) -> {
                    if (System.nanoTime() - last[0]
                        > 5_000_000_000L) { // a line every 5 s on long runs
                      last[0] = System.nanoTime();
                      getLog().info("  verifying " + phase + ": " + done + " of " + total);
                    }
                  })
              .call();
      if (printJson(report)) {
        if (!report.clean()) {
          throw new MojoFailureException(
              report.summary()); // the document is on standard output; the build still fails
        }
        return;
      }
      report.findings().forEach(f -> getLog().error(f.toString()));
      if (!report.clean()) {
        throw new MojoFailureException(report.summary());
      }
      getLog().info(report.summary());
    }
  }
}
