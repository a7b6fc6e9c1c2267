package dev.modelregistry.maven;

import dev.modelregistry.git.AdoptCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.Policy;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates a registry at {@code registry.url}: a bare Git repository whose branch {@code main} holds
 * the default {@code registry.yaml} (semantic versions; production gates {@code ic > 0.02} and
 * {@code sharpe > 0.5}; no review). With {@code registry.signingKey}, that key's public half
 * becomes the first trusted signer, as {@code registry.principal} (default: git's {@code
 * user.email}), and signs the first commit: trust flows from there. On an existing registry that
 * trusts no signer yet (one that {@code register} created), {@code init} with a key adopts it
 * instead: a signed commit makes that key its root of trust, and the goal prints the commit and
 * fingerprint to pin.
 */
@Mojo(name = "init", requiresProject = false, threadSafe = true)
public class InitMojo extends AbstractSigningMojo {

  /** The first signer's identity. Default: git config {@code user.email}. */
  @Parameter(property = RegistryProperties.PRINCIPAL)
  String principal;

  @Override
  protected void run() {
    if (signingKey != null && Registry.exists(url, options())) {
      adopt();
      return;
    }
    List<String> signers = List.of();
    CommitSigner signer = null;
    if (signingKey != null) {
      signer = CommitSigner.sshKey(signingKey.toPath(), options().passphrases());
      String who = principal != null ? principal : Registry.gitUserEmail();
      if (who == null) {
        throw new InvalidInputException(
            "No principal for the first signer: set "
                + RegistryProperties.PRINCIPAL
                + " (an email address) or git config user.email.");
      }
      signers = List.of(TrustedSigners.line(who, signer.publicKey()));
    }
    try (Registry registry =
        Registry.init(url, Policy.defaults(signers), null, signer, options())) {
      getLog().info("Created a registry at " + registry.directory());
      getLog()
          .info(
              "  root commit "
                  + registry.rootCommit()
                  + " (pin it to detect a rewritten registry)");
      if (signers.isEmpty()) {
        getLog()
            .warn(
                "  No trusted signer yet: nothing can be promoted until one is added (registry:trust,"
                    + " signed by the key being added).");
      } else {
        getLog().info("  trusted signer: " + signers.get(0));
      }
      getLog().info("  policy: git -C " + registry.directory() + " show main:registry.yaml");
    }
  }

  /** An existing registry without signers (one that register created) gets its root of trust. */
  private void adopt() {
    String who = principal != null ? principal : Registry.gitUserEmail();
    try (Registry registry = openRegistry()) {
      AdoptCommand.Adoption a = registry.adopt().principal(who).signingKey(signingKeyPath()).call();
      if (printJson(a)) {
        return;
      }
      getLog()
          .info(
              "Adopted the registry at "
                  + registry.location()
                  + ": "
                  + a.principal()
                  + " is its first trusted signer.");
      getLog().info("  root of trust: commit " + a.commit() + ", key " + a.fingerprint());
      getLog().info("  pin it in CI: verify -D" + RegistryProperties.ROOT + "=" + a.fingerprint());
    }
  }
}
