package dev.modelregistry.maven;

import dev.modelregistry.git.errors.ArtifactMissingException;
import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.errors.NoRegistryException;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.RegistryRefusedException;

/**
 * The library's refusals in Maven's syntax: the property a refused input came in as, and the goal
 * that fixes the situation. The library names inputs in words; only the plugin knows they are
 * {@code -Dregistry.model} and {@code mvn ...:init}.
 */
final class MavenWording {
  private MavenWording() {}

  /**
   * What a refusal's message gains in Maven's syntax: the property of the input it is about, or the
   * goal that creates a registry.
   */
  static String nextStep(RegistryRefusedException e) {
    if (e instanceof InvalidInputException invalid && invalid.input() != null) {
      return " (" + RegistryProperties.of(invalid.input()) + ")";
    }
    if (e instanceof ChecksumMismatchException || e instanceof ArtifactMissingException) {
      String which =
          " -D"
              + RegistryProperties.URL
              + "=<registry> -D"
              + RegistryProperties.MODEL
              + "=<model> -D"
              + RegistryProperties.VERSION
              + "=<this version>";
      return "\nTo roll back first: mvn "
          + RegistryProperties.PLUGIN
          + ":rollback"
          + which
          + " -D"
          + RegistryProperties.REASON
          + "=\"damaged artifact\"\nTo restore the bytes from the newest backup: mvn "
          + RegistryProperties.PLUGIN
          + ":restore"
          + which
          + " -D"
          + RegistryProperties.OUTPUT
          + "=<backup location> -D"
          + RegistryProperties.FORCE
          + "=true";
    }
    if (e instanceof NoRegistryException none) {
      return "\nTo create one: mvn "
          + RegistryProperties.PLUGIN
          + ":init -D"
          + RegistryProperties.URL
          + "="
          + none.location()
          + " [-D"
          + RegistryProperties.SIGNING_KEY
          + "=<your SSH key> -D"
          + RegistryProperties.PRINCIPAL
          + "=<your email>]";
    }
    return "";
  }
}
