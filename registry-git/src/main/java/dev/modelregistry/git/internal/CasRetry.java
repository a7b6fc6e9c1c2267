package dev.modelregistry.git.internal;

import dev.modelregistry.model.RegistryUnavailableException;
import java.util.function.Function;

/**
 * The one retry loop of a local write: take a fresh snapshot, run the operation on it, and if its
 * compare-and-swap found the branch moved (the operation answers null), run it again on the new
 * state, a few times. A branch only moves under a writer that does not take our lock (a person's
 * {@code git push} to a registry on a path), so more than a few lost races mean something writes in
 * a loop. A remote's lost races are retried by the remote write loop, around this one.
 */
public final class CasRetry {
  /** How many times an operation is run on a fresh state before giving up. */
  public static final int ATTEMPTS = 5;

  private CasRetry() {}

  /**
   * Runs {@code attempt} on fresh snapshots until it answers; {@code branch} and {@code what} word
   * the failure ("branch main kept moving while registering m v1").
   */
  public static <T> T onFreshSnapshots(
      RegistryContext registry, String branch, String what, Function<Snapshot, T> attempt) {
    for (int i = 1; i <= ATTEMPTS; i++) {
      try (Snapshot s = Snapshot.take(registry)) {
        T done = attempt.apply(s);
        if (done != null) {
          return done;
        }
      }
    }
    throw new RegistryUnavailableException(
        "Branch "
            + branch
            + " kept moving while "
            + what
            + " ("
            + ATTEMPTS
            + " attempts)."
            + " Something is writing to the registry in a loop: find it, then try again.");
  }
}
