package dev.modelregistry.git.serving;

import java.io.PrintStream;

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
}
