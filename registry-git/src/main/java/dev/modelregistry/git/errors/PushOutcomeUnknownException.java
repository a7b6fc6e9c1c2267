package dev.modelregistry.git.errors;

import dev.modelregistry.model.RegistryUnavailableException;

/**
 * A push broke off before the server answered, and the remote could not be read afterwards to see
 * whether it landed. Whatever the push referenced (an artifact in a shared store) must therefore be
 * kept: the registry may already point to it.
 */
public final class PushOutcomeUnknownException extends RegistryUnavailableException {
  private static final long serialVersionUID = 1L;

  public PushOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
