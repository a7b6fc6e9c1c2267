package dev.modelregistry.git.serving;

import dev.modelregistry.git.RollbackGuard;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Hears what a {@link ModelLoader} does. Called on the loader's own thread, one call at a time, in
 * the order things happen: a listener that takes long delays the next load, so hand long work (a
 * rollback, a page to a person) to a thread of your own. An exception a listener throws is ignored:
 * it must not stop the loader from serving.
 */
public interface LoaderListener {

  /** A verified model was handed to the callback, which accepted it: it is now current. */
  default void onLoaded(LoadedModel model) {}

  /** A load failed or was refused; the model that was current stays current. */
  default void onFailure(LoadFailure failure) {}

  /**
   * Something did not block the load but should be read (dataset drift in lenient mode); {@code
   * warning} names the model and version.
   */
  default void onWarning(String warning) {}

  /**
   * A listener that writes one line per event to {@code out}: "Model loaded: ..." the first time,
   * "Model reloaded: ..." after (the line the seeds' playbooks look for), and every failure and
   * warning in full. For a plain {@code main} and for tests; a service passes its own logger.
   */
  static LoaderListener printingTo(PrintStream out) {
    return new LoaderListener() {
      private boolean loadedBefore;

      @Override
      public void onLoaded(LoadedModel model) {
        out.println((loadedBefore ? "Model reloaded: " : "Model loaded: ") + model.describe());
        loadedBefore = true;
      }

      @Override
      public void onFailure(LoadFailure failure) {
        out.println("Model load failed (" + failure.kind() + "): " + failure.message());
      }

      @Override
      public void onWarning(String warning) {
        out.println("Model load warning: " + warning);
      }
    };
  }

  /**
   * The failures that are the live version's own fault, which a {@link RollbackGuard} with {@code
   * on_load_failure} rolls back for: its bytes, or the service's smoke check on them. A registry
   * that is unreachable, an untrusted branch (no version can be read from it), dataset drift (the
   * service's data, not the model) or a full cache are not.
   */
  Set<LoadFailure.Kind> GUARDED_FAILURES =
      EnumSet.of(
          LoadFailure.Kind.CHECKSUM,
          LoadFailure.Kind.ARTIFACT_MISSING,
          LoadFailure.Kind.CALLBACK_FAILED);

  /**
   * A listener that tells {@code guard} what the loader runs ({@link RollbackGuard#modelLoaded})
   * and which live version it could not load ({@link RollbackGuard#loadFailed}, for the kinds in
   * {@link #GUARDED_FAILURES}, only while that version is what the environment's record names): the
   * loader's half of automatic rollback. The guard's rollback runs on the loader's thread, and the
   * loader then follows it like any other change.
   */
  static LoaderListener feeding(RollbackGuard guard) {
    return new LoaderListener() {
      @Override
      public void onLoaded(LoadedModel model) {
        guard.modelLoaded(model.version().value());
      }

      @Override
      public void onFailure(LoadFailure f) {
        if (f.liveRecord() && f.version().isPresent() && GUARDED_FAILURES.contains(f.kind())) {
          Throwable cause = f.cause();
          String why =
              cause != null && cause.getMessage() != null ? cause.getMessage() : f.message();
          guard.loadFailed(
              f.version().get().value(),
              f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                  + ": "
                  + why.lines().findFirst().orElse(""));
        }
      }
    };
  }
}
