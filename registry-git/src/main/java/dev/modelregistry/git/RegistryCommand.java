package dev.modelregistry.git;

import dev.modelregistry.git.signing.CommitSigner;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The base of every operation: a builder that is given its inputs, then runs once. Inputs are
 * checked when it runs, not when they are set, so a refusal says everything that is wrong at once
 * and names the input; a signing key is opened when it runs too (asking for a passphrase then, if
 * the front end allows it), never in a setter. Running a command a second time is a programming
 * error: make a new one.
 *
 * @param <T> what the operation answers
 */
public abstract class RegistryCommand<T> implements Callable<T> {
  Registry
      registry; // set at construction; a registration that may create its registry sets it when it

  // runs

  /**
   * The SSH private key to sign with, if the operation signs; null for git's {@code
   * user.signingKey}.
   */
  Path signingKey;

  private CommitSigner signer;
  private boolean ran;

  RegistryCommand(Registry registry) {
    this.registry = registry;
  }

  /** Runs the operation. */
  @Override
  public final T call() {
    if (ran) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " runs once; make a new one to run it again");
    }
    ran = true;
    try {
      return run();
    } catch (dev.modelregistry.model.RegistryUnavailableException e) {
      throw registry == null ? e : registry.damaged(e);
    }
  }

  /** The operation itself: check the inputs, then do it. */
  abstract T run();

  /**
   * The signer of {@link #signingKey}, opened the first time it is needed; null if none was given.
   */
  CommitSigner signer() {
    if (signer == null && signingKey != null) {
      signer = registry.signer(signingKey);
    }
    return signer;
  }
}
