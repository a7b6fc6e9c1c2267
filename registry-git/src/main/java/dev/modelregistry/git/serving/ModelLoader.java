package dev.modelregistry.git.serving;

import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.internal.RegistryLocation;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.Policy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Follows one model in one environment of a registry and hands each version that goes live, once
 * verified, to the service's callback: the runtime loader of DESIGN.md.
 *
 * <pre>{@code
 * try (ModelLoader loader =
 *     ModelLoader.follow("/srv/registry.git")
 *         .model("risk_model")
 *         .onModel(m -> predictor.swap(Model.load(m.path())))   // the service's smoke check
 *         .listener(LoaderListener.printingTo(System.err))
 *         .start()) {
 *   loader.awaitModel(Duration.ofSeconds(30));
 *   // serve predictions; on POST /model/reload call loader.reload()
 * }
 * }</pre>
 *
 * <p>For each new record of the environment (a promotion, a rollback) the loader verifies the
 * branch's new commits (signatures and trust, incrementally, as every read of production does),
 * reads the version's registration, copies its artifact into a local cache keyed by sha256 while
 * checking size and sha256, checks a cached copy again in full, and only then calls the callback.
 * The model becomes {@link #current()} when the callback returns. On any failure (registry
 * unreachable, untrusted commit, checksum, dataset drift in strict mode, the callback throwing) the
 * current model stays current, the listeners hear why, and the loader tries again with back-off; a
 * newer record always wins over one still being loaded, which is abandoned.
 *
 * <p>A local registry is looked at every 100 ms by default (the change reaches the callback well
 * under a second later); a remote one is fetched every 30 s by default, and at once on {@link
 * #reload()}. All the work is done on one thread of the loader's own, so callbacks never overlap;
 * {@link #close()} ends it. Thread-safe.
 */
public final class ModelLoader implements AutoCloseable {
  /** How often a local registry is looked at unless told otherwise. */
  public static final Duration LOCAL_POLL = Duration.ofMillis(100);

  /** How often a remote registry is fetched unless told otherwise. */
  public static final Duration REMOTE_POLL = Duration.ofSeconds(30);

  /** The first wait after a failure; it doubles with each failure in a row... */
  public static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  /** ...up to this. */
  public static final Duration MAX_RETRY = Duration.ofMinutes(1);

  /** How long close() lets the worker finish on its own before interrupting it. */
  private static final long STOP_GRACE_MILLIS = 2_000;

  private final LoaderSettings settings;
  private final LoaderLoop loop;
  private final Thread worker;

  private ModelLoader(LoaderSettings settings) {
    this.settings = settings;
    this.loop = new LoaderLoop(settings);
    this.worker = new Thread(loop, threadName(settings));
    // a service that forgets close() must still be able to exit
    this.worker.setDaemon(true);
  }

  /** The name of the loader's thread: a thread dump says which model it follows. */
  static String threadName(LoaderSettings s) {
    return "model-loader " + s.model() + "@" + s.environment();
  }

  /**
   * Starts to describe a loader that follows the registry at {@code url}: a path, or a Git URL
   * ({@code file:}, HTTP(S), SSH) as {@code Registry.open} takes it.
   */
  public static Builder follow(String url) {
    return new Builder(url);
  }

  /** The model the callback accepted last: what the service should be serving. */
  public Optional<LoadedModel> current() {
    return loop.current();
  }

  /**
   * Waits until a model is current (the first load can take a download), at most {@code timeout}.
   *
   * @return the current model, or empty if none was loaded in time (the listeners heard why) or the
   *     loader was closed
   */
  public Optional<LoadedModel> awaitModel(Duration timeout) throws InterruptedException {
    return loop.awaitModel(timeout);
  }

  /**
   * Looks at the registry now, without waiting for the poll interval (for a remote registry:
   * fetches now), and tries again at once a record that failed: the seeds' {@code POST
   * /model/reload}. Returns at once; the listeners hear the outcome.
   */
  public void reload() {
    loop.reload();
  }

  /**
   * Stops following: abandons a download in progress, waits for a callback in progress to return,
   * closes the registry, and ends the loader's thread before returning. The current model stays
   * readable. Called from the callback or a listener, it stops the loader but cannot wait for its
   * own thread.
   */
  @Override
  public void close() {
    loop.stop();
    if (Thread.currentThread() == worker) {
      return;
    }
    try {
      worker.join(STOP_GRACE_MILLIS);
      if (worker.isAlive()) {
        worker.interrupt(); // a fetch or callback that does not end by itself
        worker.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ModelLoader["
        + settings.model()
        + "@"
        + settings.environment()
        + " of "
        + settings.displayUrl()
        + "]";
  }

  /**
   * The service's callback: given a verified model, it loads it and checks it (the seeds' {@code
   * safe_activate_model}). Returning accepts the model; throwing refuses it, and the model the
   * service had stays current.
   */
  @FunctionalInterface
  public interface Callback {
    void accept(LoadedModel model) throws Exception;
  }

  /**
   * What a loader follows and how. Only the model and the callback are required; {@link #start()}
   * checks the inputs and starts the loader.
   */
  public static final class Builder {
    private final String url;
    private String model;
    private String environment = Policy.PRODUCTION;
    private RegistryOptions options;
    private Path cacheDirectory;
    private Duration pollInterval;
    private Duration firstRetry = FIRST_RETRY;
    private Duration maxRetry = MAX_RETRY;
    private Map<String, String> datasetVersions = Map.of();
    private Callback callback;
    private final List<LoaderListener> listeners = new ArrayList<>();
    private UnaryOperator<ArtifactStore> stores = UnaryOperator.identity();

    private Builder(String url) {
      this.url = url;
    }

    /** The model to follow (required). */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** The environment to follow; default {@code production}. */
    public Builder environment(String environment) {
      if (environment != null) {
        this.environment = environment;
      }
      return this;
    }

    /**
     * How the registry is opened (cache of remote clones, credentials, strict dataset mode);
     * default {@link RegistryOptions#defaults()}.
     */
    public Builder options(RegistryOptions options) {
      this.options = options;
      return this;
    }

    /**
     * Where verified artifacts are kept, by sha256; default {@code models} under the options' cache
     * directory. Only this user should be able to write it.
     */
    public Builder cacheDirectory(Path cacheDirectory) {
      this.cacheDirectory = cacheDirectory;
      return this;
    }

    /**
     * How often to look for a change: default {@link #LOCAL_POLL} for a registry at a path, {@link
     * #REMOTE_POLL} for a remote one (each look fetches).
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /** The wait after a first failure, doubling with each further one up to {@code max}. */
    public Builder backoff(Duration first, Duration max) {
      this.firstRetry = first;
      this.maxRetry = max;
      return this;
    }

    /**
     * The dataset versions the service reads now ({@code crsp -> v1.2.3}): each version is checked
     * against those it was trained on, as the promotion gate checks (strict mode, from the options,
     * refuses drift; lenient mode loads it with a warning). None given: not checked.
     */
    public Builder datasetVersions(Map<String, String> inForce) {
      this.datasetVersions = inForce == null ? Map.of() : Map.copyOf(inForce);
      return this;
    }

    /** The service's callback (required); see {@link Callback}. */
    public Builder onModel(Callback callback) {
      this.callback = callback;
      return this;
    }

    /** Adds a listener; every listener hears every event, in the order they were added. */
    public Builder listener(LoaderListener listener) {
      if (listener != null) {
        listeners.add(listener);
      }
      return this;
    }

    /**
     * Reads artifacts through {@code wrap} of the policy's store: tests slow a store down to catch
     * a download in flight.
     */
    Builder artifactsThrough(UnaryOperator<ArtifactStore> wrap) {
      this.stores = wrap;
      return this;
    }

    /**
     * Checks the inputs and starts the loader's thread; returns at once, before the first load (see
     * {@link ModelLoader#awaitModel}). An unreachable registry is not an error here: the loader
     * tries again with back-off, and the listeners hear why.
     */
    public ModelLoader start() {
      if (url == null || url.isBlank()) {
        throw new MissingInputException(
            Input.URL, "No registry given: name the registry's path or URL to follow.");
      }
      if (model == null) {
        throw new MissingInputException(
            Input.MODEL, "No model name given: name the model the loader should follow.");
      }
      if (callback == null) {
        throw new IllegalStateException(
            "No callback given (onModel): the loader needs somewhere to hand the verified model.");
      }
      dev.modelregistry.model.EnvironmentNames.check(environment);
      RegistryOptions o = options == null ? RegistryOptions.defaults() : options;
      boolean remote = RegistryLocation.isRemote(url);
      Duration poll = pollInterval != null ? pollInterval : remote ? REMOTE_POLL : LOCAL_POLL;
      if (poll.isNegative() || poll.isZero()) {
        throw new IllegalArgumentException("The poll interval must be positive, not " + poll);
      }
      LoaderSettings s =
          new LoaderSettings(
              url.strip(),
              remote,
              ModelName.of(model),
              environment,
              o,
              cacheDirectory != null ? cacheDirectory : o.artifactCache(),
              poll,
              new Backoff(firstRetry, maxRetry),
              datasetVersions,
              callback,
              listeners,
              stores);
      ModelLoader loader = new ModelLoader(s);
      loader.worker.start();
      return loader;
    }
  }
}
