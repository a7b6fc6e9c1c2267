package dev.modelregistry.model;

/**
 * The input or the registry's current state does not allow the operation: an invalid name, a
 * version that already exists with other bytes, a checksum mismatch, a gate not met. Nothing was
 * written. The message says what was found and what to do next.
 */
public class RegistryRefusedException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryRefusedException(String message) {
    super(message);
  }

  public RegistryRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
