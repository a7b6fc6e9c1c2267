package dev.modelregistry.model;

/**
 * Base of every error the registry reports. Two kinds matter to a caller, and they are the two
 * subclasses: {@link RegistryRefusedException} (the input or the registry's state says no: fix the
 * input or the state, then try again) and {@link RegistryUnavailableException} (something around
 * the registry is broken: disk, network, a corrupt repository).
 *
 * <p>Messages are written for the person who has to act on them: what was found, and what to do.
 */
public abstract class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected RegistryException(String message) {
    super(message);
  }

  protected RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
