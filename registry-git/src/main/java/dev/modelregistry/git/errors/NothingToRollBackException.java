package dev.modelregistry.git.errors;

import dev.modelregistry.model.RegistryRefusedException;

/**
 * A rollback down the promotion stack found nothing below the version that runs: it was the first
 * one promoted to the environment. Nothing was written. An automatic rollback stops here and says
 * so; a person can name a good version to go to, or mark the one that runs failed.
 */
public class NothingToRollBackException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  public NothingToRollBackException(String message) {
    super(message);
  }
}
