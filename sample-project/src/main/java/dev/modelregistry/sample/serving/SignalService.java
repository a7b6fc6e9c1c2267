package dev.modelregistry.sample.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelregistry.git.GuardAction;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.RollbackGuard;
import dev.modelregistry.git.serving.LoadedModel;
import dev.modelregistry.git.serving.LoaderListener;
import dev.modelregistry.git.serving.ModelLoader;
import dev.modelregistry.sample.Observation;
import dev.modelregistry.sample.RidgeRegression;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sample signal service: follows the model an environment runs through the registry's {@link
 * ModelLoader} (each version verified, checksum and signatures, before it is handed over), answers
 * predictions over HTTP on loopback, and, given a key with the {@code rollback} role, lets a {@link
 * RollbackGuard} roll production back by itself when the environment's {@code rollback_triggers}
 * fire. The seeds' signal service polled every 60 seconds and was restarted by hand; this one
 * switches model within a second of a promotion or rollback, without a restart.
 *
 * <p>Endpoints (the seeds'): {@code GET /v1/health}, {@code GET
 * /v1/predict?momentum=..&value=..&size=..&quality=..}, {@code POST /v1/models/reload}.
 */
public final class SignalService implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the service answers with: the verified file's model, read and smoke-checked. */
  record Served(LoadedModel loaded, RidgeRegression.Model model, Instant since) {}

  /**
   * How to run it.
   *
   * @param registry the registry's path or URL
   * @param port the loopback port; 0 for any free one
   * @param rollbackKey the service's own key (trusted with the rollback role), or null: no guard
   * @param guardDryRun the guard only reports what it would roll back
   * @param pollInterval how often to look for a change; null for the loader's default (100 ms at a
   *     path, 30 s for a remote registry)
   */
  public record Settings(
      String registry,
      String model,
      String environment,
      int port,
      Path rollbackKey,
      boolean guardDryRun,
      Duration pollInterval,
      Clock clock,
      PrintStream log) {}

  private final Settings settings;
  private final AtomicReference<Served> served = new AtomicReference<>();
  private final RollbackGuard guard;
  private final ModelLoader loader;
  private final HttpServer http;

  private SignalService(Settings settings) throws IOException {
    this.settings = settings;
    this.guard =
        settings.rollbackKey() == null
            ? null
            : RollbackGuard.open(settings.registry(), RegistryOptions.defaults())
                .model(settings.model())
                .environment(settings.environment())
                .signingKey(settings.rollbackKey())
                .clock(settings.clock())
                .dryRun(settings.guardDryRun())
                .listener(this::guardActed)
                .build();
    ModelLoader.Builder builder =
        ModelLoader.follow(settings.registry())
            .model(settings.model())
            .environment(settings.environment())
            .onModel(this::activate)
            .listener(LoaderListener.printingTo(settings.log()));
    if (settings.pollInterval() != null) {
      builder.pollInterval(settings.pollInterval());
    }
    if (guard != null) {
      // the guard hears which version runs, and load failures of the live one (on_load_failure)
      builder.listener(LoaderListener.feeding(guard));
    }
    this.loader = builder.start();
    this.http =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 16);
    http.createContext("/v1/health", this::health);
    http.createContext("/v1/predict", this::predict);
    http.createContext("/v1/models/reload", this::reload);
    http.createContext(
        "/",
        x -> answer(x, 404, Map.of("error", "no such endpoint: " + x.getRequestURI().getPath())));
    http.start();
  }

  /** Starts the service: the loader, the guard if a key is given, and the HTTP server. */
  public static SignalService start(Settings settings) throws IOException {
    return new SignalService(settings);
  }

  /** The port the HTTP server listens on (loopback only). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The version served now, if any. */
  public Optional<String> version() {
    return Optional.ofNullable(served.get()).map(s -> s.loaded().version().toString());
  }

  /** Waits until the service serves {@code version}; true if it did within {@code timeout}. */
  public boolean awaitVersion(String version, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (version().filter(version::equals).isPresent()) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  /**
   * The live portfolio return of one trading day under the model served now (long the top quintile
   * of predictions, short the bottom), fed to the guard; empty if nothing is served.
   */
  public Optional<GuardAction> observeDay(Instant at, java.util.List<Observation> assets) {
    Served s = served.get();
    if (s == null || guard == null) {
      return Optional.empty();
    }
    double[] predicted = new double[assets.size()];
    double[] realised = new double[assets.size()];
    for (int i = 0; i < assets.size(); i++) {
      predicted[i] = s.model().predict(assets.get(i).factors());
      realised[i] = assets.get(i).nextReturn();
    }
    double r = dev.modelregistry.sample.Metrics.longShortReturn(predicted, realised);
    return Double.isNaN(r) ? Optional.empty() : guard.observe(at, r);
  }

  /** The loader's callback: read the verified file and smoke-check it; throwing keeps the old. */
  private void activate(LoadedModel loaded) throws IOException {
    RidgeRegression.Model model = ModelFile.read(loaded.path());
    served.set(new Served(loaded, model, settings.clock().instant()));
  }

  private void guardActed(GuardAction action) {
    settings.log().println("Guard: " + action.summary());
  }

  private void health(HttpExchange x) throws IOException {
    if (!x.getRequestMethod().equals("GET")) {
      answer(x, 405, Map.of("error", "use GET"));
      return;
    }
    Served s = served.get();
    if (s == null) {
      answer(x, 503, Map.of("status", "no model loaded yet"));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "serving");
    body.put("model", s.loaded().model().toString());
    body.put("version", s.loaded().version().toString());
    body.put("environment", s.loaded().environment());
    body.put("sha256", s.loaded().sha256().toString());
    body.put("commit", s.loaded().commit());
    body.put("since", s.since().toString());
    answer(x, 200, body);
  }

  private void predict(HttpExchange x) throws IOException {
    if (!x.getRequestMethod().equals("GET")) {
      answer(x, 405, Map.of("error", "use GET"));
      return;
    }
    Served s = served.get();
    if (s == null) {
      answer(x, 503, Map.of("error", "no model loaded yet"));
      return;
    }
    Map<String, String> query = query(x.getRequestURI().getRawQuery());
    double[] factors = new double[Observation.FACTOR_NAMES.size()];
    for (int j = 0; j < factors.length; j++) {
      String name = Observation.FACTOR_NAMES.get(j);
      String value = query.get(name);
      try {
        factors[j] = Double.parseDouble(value);
        if (!Double.isFinite(factors[j])) {
          throw new NumberFormatException();
        }
      } catch (NullPointerException | NumberFormatException e) {
        answer(
            x,
            400,
            Map.of(
                "error",
                "give every factor as a finite number: "
                    + String.join(", ", Observation.FACTOR_NAMES)
                    + " (missing or not a number: "
                    + name
                    + ")"));
        return;
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", s.loaded().model().toString());
    body.put("version", s.loaded().version().toString());
    body.put("prediction", s.model().predict(factors));
    answer(x, 200, body);
  }

  private void reload(HttpExchange x) throws IOException {
    if (!x.getRequestMethod().equals("POST")) {
      answer(x, 405, Map.of("error", "use POST"));
      return;
    }
    loader.reload();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "reload requested");
    body.put("version", version().orElse(null));
    answer(x, 202, body);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void answer(HttpExchange x, int status, Map<String, ?> body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the HTTP server, the loader and the guard; no thread of theirs is left. */
  @Override
  public void close() {
    http.stop(0);
    loader.close();
    if (guard != null) {
      guard.close();
    }
  }
}
