package dev.modelregistry.maven;

import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that writes a signed commit: promotion, rollback, failure mark, trust change. */
public abstract class AbstractSigningMojo extends AbstractRegistryMojo {

  /**
   * The SSH private key to sign with. Default: git config {@code user.signingKey} (with {@code
   * gpg.format=ssh}). A passphrase-protected key asks for its passphrase at the terminal; without
   * one, set {@code REGISTRY_SIGNING_KEY_PASSPHRASE}.
   */
  @Parameter(property = RegistryProperties.SIGNING_KEY)
  protected File signingKey;

  /** The key as a path, or null to let the library use git's configuration. */
  protected Path signingKeyPath() {
    return signingKey == null ? null : signingKey.toPath();
  }
}
