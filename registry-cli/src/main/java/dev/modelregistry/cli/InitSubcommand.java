package dev.modelregistry.cli;

import dev.modelregistry.git.AdoptCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.Policy;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code registry init}: creates a registry with the default policy, its root commit signed by the
 * first trusted signer; on an existing registry that has no signer yet, makes the key its root of
 * trust.
 */
@Command(
    name = "init",
    description = {
      "Create a registry, or give one without a signer its root of trust.",
      "With --signing-key, the key is the first trusted signer and signs the root commit; on an existing registry with no",
      "signer yet, the key adopts it."
    })
final class InitSubcommand extends RegistrySubcommand {
  @Mixin SigningArgs signing;

  @Option(
      names = "--principal",
      paramLabel = "EMAIL",
      description =
          "The first signer's identity. Default: $REGISTRY_PRINCIPAL, else git config user.email.")
  String principal;

  @Override
  protected ExitStatus run() {
    if (signing.signingKey != null && Registry.exists(url(), options())) {
      return adopt();
    }
    List<String> signers = List.of();
    CommitSigner signer = null;
    if (signing.signingKey != null) {
      signer = CommitSigner.sshKey(signing.signingKey, options().passphrases());
      signers = List.of(TrustedSigners.line(principal(), signer.publicKey()));
    }
    try (Registry r = Registry.init(url(), Policy.defaults(signers), null, signer, options())) {
      if (printJson(
          java.util.Map.of(
              "registry", r.location(), "root_commit", r.rootCommit(), "signers", signers))) {
        return ExitStatus.DONE;
      }
      say("Created a registry at " + r.location());
      say("  root commit " + r.rootCommit() + " (pin it to detect a rewritten registry)");
      if (signers.isEmpty()) {
        warn(
            "No trusted signer yet: nothing can be promoted until one is added: registry init --url "
                + r.location()
                + " --signing-key <key> --principal <email>");
      } else {
        say("  trusted signer: " + signers.get(0));
      }
      return ExitStatus.DONE;
    }
  }

  private ExitStatus adopt() {
    try (Registry r = open()) {
      AdoptCommand.Adoption a =
          r.adopt().principal(principal()).signingKey(signing.signingKey).call();
      if (printJson(a)) {
        return ExitStatus.DONE;
      }
      say(
          "Adopted the registry at "
              + r.location()
              + ": "
              + a.principal()
              + " is its first trusted signer.");
      say("  root of trust: commit " + a.commit() + ", key " + a.fingerprint());
      say("  pin it in CI: registry verify --root " + a.fingerprint());
      return ExitStatus.DONE;
    }
  }

  private String principal() {
    String who = principal != null ? principal : Registry.gitUserEmail();
    if (who == null) {
      throw new MissingInputException(
          Input.PRINCIPAL,
          "No principal for the first signer: give an email address, or set"
              + " git config user.email.");
    }
    return who;
  }
}
