package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.model.Policy;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Creates a registry at {@code registry.url}: a bare Git repository whose branch {@code main} holds
 * the default {@code registry.yaml} (semantic versions; production gates {@code ic > 0.02} and
 * {@code sharpe > 0.5}; no review).
 */
@Mojo(name = "init", requiresProject = false, threadSafe = true)
public class InitMojo extends AbstractRegistryMojo {

  @Override
  protected void run() {
    try (Registry registry = Registry.init(url, Policy.defaults(List.of()), null)) {
      getLog().info("Created a registry at " + registry.directory());
      getLog().info("Policy: registry.yaml on branch main (git -C " + registry.directory() + " show main:registry.yaml)");
    }
  }
}
