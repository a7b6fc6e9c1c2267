package dev.modelregistry.git.errors;

import dev.modelregistry.model.RegistryRefusedException;

/**
 * The registry's Git object database is damaged: an object a branch needs is missing, or a pack
 * file is truncated or corrupt. Not a condition that retrying fixes, so a refusal rather than
 * "unavailable": nothing was written, and the message says to restore from a backup (or, for a
 * remote registry, to drop this machine's damaged cache of it).
 */
public class RegistryDamagedException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  public RegistryDamagedException(String message, Throwable cause) {
    super(message, cause);
  }
}
