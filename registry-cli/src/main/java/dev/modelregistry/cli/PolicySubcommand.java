package dev.modelregistry.cli;

import dev.modelregistry.git.PolicyCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.PolicyText;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code registry policy}: replaces registry.yaml by a signed commit on main. */
@Command(
    name = "policy",
    description = {
      "Replace registry.yaml (gates, environments and rollback triggers, approvals, retention,",
      "store, backups) by a commit signed by a signer with full rights. Signers and roles stay as",
      "they are: change them with trust. Start from the policy in force:",
      "  git -C $REGISTRY_URL show main:registry.yaml > registry.yaml"
    })
final class PolicySubcommand extends RegistrySubcommand {
  @Option(names = "--file", paramLabel = "FILE", description = "The new registry.yaml, whole.")
  Path file;

  @Option(names = "--reason", description = "Why; required, recorded in the signed commit.")
  String reason;

  @Mixin SigningArgs signing;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      PolicyCommand.Changed c =
          r.changePolicy().file(file).reason(reason).signingKey(signing.signingKey).call();
      if (printJson(c)) {
        return ExitStatus.DONE;
      }
      PolicyText.changed(c).forEach(this::say);
      return ExitStatus.DONE;
    }
  }
}
