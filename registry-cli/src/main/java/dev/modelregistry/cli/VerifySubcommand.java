package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.VerifyCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code registry verify}: checks everything the registry says; exit 1 when anything is wrong. */
@Command(
    name = "verify",
    description = {
      "Check every signature, promotion, gate, version and artifact.",
      "Exit status 1 when anything is wrong; every finding says what and where."
    })
final class VerifySubcommand extends RegistrySubcommand {
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  @Option(
      names = "--root",
      paramLabel = "SHA256:...",
      description =
          "The fingerprint of the key that must have signed the registry's root of trust. Default: $REGISTRY_ROOT.")
  String root;

  @Option(
      names = "--tips",
      paramLabel = "FILE",
      description =
          "A file of branch tips from an earlier verify: a branch that no longer descends from its tip was rewound.")
  Path tips;

  @Option(
      names = "--environment-artifacts-only",
      description =
          "Read in full only the artifacts an environment runs or ran (faster on large registries).")
  boolean environmentArtifactsOnly;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      long[] last = {System.nanoTime()};
      VerifyCommand.Report report =
          r.verify()
              .artifactsInEnvironmentsOnly(environmentArtifactsOnly)
              .pinnedRoot(root)
              .tipsFile(tips)
              .progress(
                  (phase, done, total) -> {
                    if (System.nanoTime() - last[0] > PROGRESS_EVERY_NANOS) {
                      last[0] = System.nanoTime();
                      progress("  verifying " + phase + ": " + done + " of " + total);
                    }
                  })
              .call();
      ExitStatus status = report.clean() ? ExitStatus.DONE : ExitStatus.REFUSED;
      if (printJson(report)) {
        return status;
      }
      report.findings().forEach(f -> say(f.toString()));
      say(report.summary());
      return status;
    }
  }
}
