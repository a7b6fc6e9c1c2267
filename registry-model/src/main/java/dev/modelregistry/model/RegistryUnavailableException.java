package dev.modelregistry.model;

/**
 * The environment around the registry is broken: a file cannot be read or written, the repository
 * is unreadable, a remote cannot be reached. Retrying after fixing the environment is expected to
 * work; the registry itself was left as it was.
 */
public class RegistryUnavailableException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public RegistryUnavailableException(String message) {
    super(message);
  }
}
