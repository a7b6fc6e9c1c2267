package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.text.AnswerText;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry trust}: adds or removes a trusted signer, or sets its role, in a commit signed by
 * a signer already trusted with full rights.
 */
@Command(
    name = "trust",
    description = {
      "Add or remove a trusted signer, or set its role.",
      "A commit signed by a signer already trusted with full rights.",
      "  registry trust --principal signal-service@example.com --public-key service.pub --role rollback"
    })
final class TrustSubcommand extends RegistrySubcommand {
  @Option(
      names = "--principal",
      paramLabel = "EMAIL",
      description = "The signer's identity (an email address).")
  String principal;

  @Option(
      names = "--public-key",
      paramLabel = "KEY|FILE",
      description = "The public key: 'ssh-ed25519 AAAA...' or a .pub file.")
  String publicKey;

  @Option(names = "--remove", description = "Remove the signer instead.")
  boolean remove;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description =
          "Limit the signer: 'rollback' may roll back and mark failed, never promote, approve or"
              + " change trust (for a service's key); 'full' lifts the limit. Default: a new signer"
              + " gets full rights, a known one keeps its role.")
  String role;

  @Mixin SigningArgs signing;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      TrustedSigners signers =
          r.trust()
              .principal(principal)
              .publicKey(SshKeys.publicKeyText(publicKey))
              .remove(remove)
              .role(role)
              .signingKey(signing.signingKey)
              .call();
      if (printJson(Map.of("signers", signers.lines(), "roles", AnswerText.roles(signers)))) {
        return ExitStatus.DONE;
      }
      say((remove ? "No longer trusted: " : "Trusted: ") + principal + ". Trusted signers now:");
      AnswerText.signers(signers).forEach(l -> say("  " + l));
      return ExitStatus.DONE;
    }
  }
}
