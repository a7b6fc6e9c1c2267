package dev.modelregistry.git.errors;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.RegistryRefusedException;

/**
 * A pointer's bytes are not in the store at all. The message says where they were expected and the
 * ways back (a restore from a backup, a good copy, a new registration); a front end adds the
 * command of the restore in its own syntax.
 */
public class ArtifactMissingException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  private final transient ArtifactPointer expected;

  public ArtifactMissingException(ArtifactPointer expected, String message, Throwable cause) {
    super(message, cause);
    this.expected = expected;
  }

  /** What the pointer says. */
  public ArtifactPointer expected() {
    return expected;
  }
}
