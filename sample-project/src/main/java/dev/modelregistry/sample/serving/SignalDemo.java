package dev.modelregistry.sample.serving;

import dev.modelregistry.git.GuardAction;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.sample.Backtest;
import dev.modelregistry.sample.Observation;
import dev.modelregistry.sample.ReturnsCsv;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The end of the README's demo: the signal service follows production through a promotion, a
 * person's rollback and an automatic rollback, without a restart. It trusts the service's own key
 * with the {@code rollback} role, gives production a {@code rollback_triggers:} policy (a signed
 * policy change), starts the service on loopback, and then changes production through the library
 * as the goals would, printing what the service answers after each change.
 *
 * <p>Usage: {@code SignalDemo <registry> <model> <release key> <service key> <dataset versions>
 * <daily-returns.csv>}.
 */
public final class SignalDemo {
  static final String SERVICE = "signal-service@example.com";
  private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(20);

  private final String registry;
  private final String model;
  private final Path releaseKey;
  private final Path serviceKey;
  private final String datasets;
  private final PrintStream out = System.out;
  private final HttpClient http = HttpClient.newHttpClient();

  private SignalDemo(String[] args) {
    registry = args[0];
    model = args[1];
    releaseKey = Path.of(args[2]);
    serviceKey = Path.of(args[3]);
    datasets = args[4];
  }

  public static void main(String[] args) throws Exception {
    SignalDemo demo = new SignalDemo(args);
    demo.run(ReturnsCsv.read(Path.of(args[5])));
  }

  private void run(List<Observation> data) throws Exception {
    setUp();
    SignalService.Settings settings =
        new SignalService.Settings(
            registry, model, Policy.PRODUCTION, 0, serviceKey, false, null, Clock.systemUTC(), out);
    try (SignalService service = SignalService.start(settings)) {
      String live = liveVersion();
      await(service, live, "at start");
      out.println("GET /v1/health -> " + get(service, "/v1/health"));

      try (Registry r = Registry.open(registry)) {
        String next = live.equals("v1.0.0") ? "v1.1.0" : "v1.0.0";
        timed(service, next, "on a promotion", () -> promote(r, next));
        out.println(
            "GET /v1/predict -> "
                + get(service, "/v1/predict?momentum=1&value=0&size=0&quality=0.5"));
        timed(
            service,
            live,
            "on a person's rollback",
            () ->
                r.rollback()
                    .model(model)
                    .version(next)
                    .reason("Demo: a person rolls " + next + " back")
                    .signingKey(releaseKey)
                    .call());
        timed(service, next, "on the promotion again", () -> promote(r, next));
        out.println(
            "Replaying the shipped data's days through the guard ("
                + SERVICE
                + ", role rollback)...");
        Optional<GuardAction> fired = replay(service, data);
        if (fired.isEmpty()) {
          throw new IllegalStateException("no trigger fired over the whole replay");
        }
        await(service, live, "on the automatic rollback");
        HistoryEntry last = r.refresh().history().model(model).call().entries().get(0);
        out.println(
            "history: " + last.action() + " by " + last.signer() + ", reason: " + last.reason());
      }
      out.println("POST /v1/models/reload -> " + post(service, "/v1/models/reload"));
    }
  }

  /** The service's key, trusted for rollbacks only, and production's rollback triggers. */
  private void setUp() throws Exception {
    try (Registry r = Registry.open(registry)) {
      if (!Files.exists(serviceKey)) {
        SshKeys.generateEd25519(serviceKey, SERVICE);
      }
      if (r.policy().rolesOf(SERVICE).isEmpty()) {
        r.trust()
            .principal(SERVICE)
            .publicKey(SshKeys.publicKeyText(serviceKey + ".pub"))
            .role("rollback")
            .signingKey(releaseKey)
            .call();
        out.println(
            "Trusted " + SERVICE + " with the role rollback (it may roll back, never promote).");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> policy =
          SafeMapper.readYaml(
              SafeMapper.writeYaml(r.refresh().policy()), Map.class, "registry.yaml");
      @SuppressWarnings("unchecked")
      Map<String, Object> production =
          (Map<String, Object>)
              ((Map<String, Object>) policy.get("environments")).get(Policy.PRODUCTION);
      if (production.get("rollback_triggers") == null) {
        Map<String, Object> triggers = new LinkedHashMap<>();
        triggers.put("consecutive_losses", 4);
        triggers.put("on_load_failure", true);
        production.put("rollback_triggers", triggers);
        Path file = Files.createTempFile("registry", ".yaml");
        Files.writeString(file, SafeMapper.writeYaml(policy));
        r.changePolicy()
            .file(file)
            .reason("Demo: the signal service rolls back after 4 losing days")
            .signingKey(releaseKey)
            .call();
        Files.delete(file);
        out.println("Production's rollback_triggers: " + triggers + " (a signed policy change).");
      }
    }
  }

  private Optional<GuardAction> replay(SignalService service, List<Observation> data) {
    SortedMap<LocalDate, List<Observation>> days = Backtest.byDate(data);
    Instant start = Instant.now();
    int i = 0;
    for (Map.Entry<LocalDate, List<Observation>> day : days.entrySet()) {
      // one trading day a second, from now: the guard judges the times it is given
      Optional<GuardAction> a =
          service.observeDay(start.plus(Duration.ofDays(i++)), day.getValue());
      if (a.isPresent() && a.get().wrote()) {
        out.println("  (fired on replay day " + day.getKey() + ")");
        return a;
      }
    }
    return Optional.empty();
  }

  private void promote(Registry r, String version) {
    r.promote()
        .model(model)
        .version(version)
        .datasetVersions(dev.modelregistry.model.DatasetVersions.parse(datasets))
        .reason("Demo: promote " + version + " to the running service")
        .signingKey(releaseKey)
        .call();
  }

  private String liveVersion() {
    try (Registry r = Registry.open(registry)) {
      return r.current().model(model).call().orElseThrow().version();
    }
  }

  private void timed(SignalService service, String version, String what, Runnable change)
      throws InterruptedException {
    long t0 = System.nanoTime();
    change.run();
    await(service, version, what);
    out.println(
        "  ("
            + (System.nanoTime() - t0) / 1_000_000
            + " ms from the change to the service answering with "
            + version
            + ")");
  }

  private void await(SignalService service, String version, String what)
      throws InterruptedException {
    if (!service.awaitVersion(version, SWITCH_TIMEOUT)) {
      throw new IllegalStateException("the service did not switch to " + version + " " + what);
    }
    out.println("Service serves " + model + " " + version + " " + what + ", no restart.");
  }

  private String get(SignalService s, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private String post(SignalService s, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
