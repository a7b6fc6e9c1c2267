package dev.modelregistry.git.errors;

import dev.modelregistry.model.RegistryRefusedException;

/**
 * There is no registry where one was named: nothing there, a directory that is not a Git
 * repository, or a repository without a branch {@code main}. A front end adds how to create one in
 * its own syntax.
 */
public class NoRegistryException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  private final String location;

  public NoRegistryException(String location, String message) {
    super(message);
    this.location = location;
  }

  public NoRegistryException(String location, String message, Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /** Where a registry was looked for: its path, or its URL without credentials. */
  public String location() {
    return location;
  }
}
