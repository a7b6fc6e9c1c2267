package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry trust}: adds or removes a trusted signer, in a commit signed by a signer already
 * trusted.
 */
@Command(
    name = "trust",
    description = {
      "Add or remove a trusted signer.",
      "A commit signed by a signer already trusted."
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

  @Mixin SigningArgs signing;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      TrustedSigners signers =
          r.trust()
              .principal(principal)
              .publicKey(SshKeys.publicKeyText(publicKey))
              .remove(remove)
              .signingKey(signing.signingKey)
              .call();
      if (printJson(Map.of("signers", signers.lines()))) {
        return ExitStatus.DONE;
      }
      say((remove ? "No longer trusted: " : "Trusted: ") + principal + ". Trusted signers now:");
      signers.lines().forEach(l -> say("  " + l));
      return ExitStatus.DONE;
    }
  }
}
