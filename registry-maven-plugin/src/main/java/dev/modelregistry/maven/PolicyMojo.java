package dev.modelregistry.maven;

import dev.modelregistry.git.PolicyCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.PolicyText;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Replaces {@code registry.yaml} with the file {@code registry.policy} (gates, environments and
 * their rollback triggers, approvals, retention, store, backups) by a commit signed with a key
 * trusted with full rights; {@code registry.reason} is required. Signers and roles stay as they
 * are: {@code registry:trust} changes them.
 */
@Mojo(name = "policy", requiresProject = false, threadSafe = true)
public class PolicyMojo extends AbstractSigningMojo {

  /** The new registry.yaml, whole. */
  @Parameter(property = RegistryProperties.POLICY)
  File policy;

  /** Why; recorded in the signed commit. */
  @Parameter(property = RegistryProperties.REASON)
  String reason;

  /** The answer of the last run, for tests. */
  PolicyCommand.Changed changed;

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      changed =
          registry
              .changePolicy()
              .file(policy == null ? null : policy.toPath())
              .reason(reason)
              .signingKey(signingKeyPath())
              .call();
      if (printJson(changed)) {
        return;
      }
      PolicyText.changed(changed).forEach(this::info);
    }
  }
}
