package dev.modelregistry.git.errors;

import dev.modelregistry.model.RegistryRefusedException;

/** Someone else changed what an operation aimed at before it could land; nothing was written. */
public class ConcurrentChangeException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  public ConcurrentChangeException(String message) {
    super(message);
  }
}
