package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.Display;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Adds ({@code registry.publicKey} + {@code registry.principal}) or removes ({@code
 * registry.remove=true}) a trusted signer, or sets its role ({@code registry.role}), by a commit
 * signed with a key already trusted with full rights.
 */
@Mojo(name = "trust", requiresProject = false, threadSafe = true)
public class TrustMojo extends AbstractSigningMojo {

  /**
   * The public key to trust: a {@code .pub} file, or the key itself ({@code "ssh-ed25519
   * AAAA..."}).
   */
  @Parameter(property = RegistryProperties.PUBLIC_KEY)
  String publicKey;

  /** The signer's identity, usually an email address. */
  @Parameter(property = RegistryProperties.PRINCIPAL)
  String principal;

  /** Remove the signer instead of adding it. */
  @Parameter(property = RegistryProperties.REMOVE, defaultValue = "false")
  boolean remove;

  /**
   * Limits the signer: {@code rollback} may roll back and mark failed, never promote, approve or
   * change trust (for a service's key); {@code full} lifts the limit. Default: a new signer gets
   * full rights, a known one keeps its role.
   */
  @Parameter(property = RegistryProperties.ROLE)
  String role;

  /** The signers after the last run, for tests. */
  TrustedSigners signers;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      signers =
          registry
              .trust()
              .principal(principal)
              .publicKey(dev.modelregistry.git.signing.SshKeys.publicKeyText(publicKey))
              .remove(remove)
              .role(role)
              .signingKey(signingKeyPath())
              .call();
      if (printJson(
          java.util.Map.of("signers", signers.lines(), "roles", AnswerText.roles(signers)))) {
        return;
      }
      getLog()
          .info(
              (remove ? "No longer trusted: " : "Trusted: ")
                  + Display.escape(principal)
                  + ". Trusted signers now:");
      AnswerText.signers(signers).forEach(l -> getLog().info("  " + Display.escape(l)));
    }
  }
}
