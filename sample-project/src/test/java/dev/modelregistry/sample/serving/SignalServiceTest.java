package dev.modelregistry.sample.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.SafeMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample signal service against a real signed registry, over real HTTP on loopback: it follows
 * promotions and rollbacks without a restart, answers the seeds' endpoints, keeps its model when a
 * new one fails its smoke check, and then rolls production back by itself with a key that may only
 * roll back.
 */
class SignalServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SWITCH = Duration.ofSeconds(10);

  @TempDir Path dir;
  Path ops;
  Path service;
  Registry registry;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void registryWithTwoModelsAndATrustedServiceKey() throws Exception {
    ops = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, ops, "ops@example.com");
    service = dir.resolve("keys/service");
    String pub = SshKeys.generateEd25519(service, SignalDemo.SERVICE);
    registry
        .trust()
        .principal(SignalDemo.SERVICE)
        .publicKey(pub)
        .role("rollback")
        .signingKey(ops)
        .call();
    register(
        "v1.0.0",
        "{\"model_type\": \"ridge_regression\", \"coefficients\": {\"momentum\": 0.01,"
            + " \"value\": 0.0, \"size\": 0.0, \"quality\": 0.0}, \"intercept\": 0.0, \"lambda\": 1.0}");
    register(
        "v1.1.0",
        "{\"model_type\": \"ridge_regression\", \"coefficients\": {\"momentum\": 0.02,"
            + " \"value\": 0.0, \"size\": 0.0, \"quality\": 0.0}, \"intercept\": 0.001, \"lambda\": 1.0}");
    register("v1.2.0", "this is not a model");
    loadFailureRollsBack();
    registry.promote().model("alpha").version("v1.0.0").reason("first").signingKey(ops).call();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private void register(String version, String json) throws Exception {
    Path d = Files.createDirectories(dir.resolve("in-" + version));
    Files.writeString(d.resolve("ridge-model.json"), json);
    Files.writeString(d.resolve("metadata.yaml"), "metrics: {ic: 0.05, sharpe: 1.2}\n");
    registry
        .register()
        .model("alpha")
        .version(version)
        .artifact(d.resolve("ridge-model.json"))
        .metadataFile(d.resolve("metadata.yaml"))
        .call();
  }

  @SuppressWarnings("unchecked")
  private void loadFailureRollsBack() throws Exception {
    Map<String, Object> policy =
        SafeMapper.readYaml(SafeMapper.writeYaml(registry.policy()), Map.class, "registry.yaml");
    Map<String, Object> production =
        (Map<String, Object>)
            ((Map<String, Object>) policy.get("environments")).get(Policy.PRODUCTION);
    Map<String, Object> triggers = new LinkedHashMap<>();
    triggers.put("on_load_failure", true);
    production.put("rollback_triggers", triggers);
    Path f = dir.resolve("registry.yaml");
    Files.writeString(f, SafeMapper.writeYaml(policy));
    registry
        .changePolicy()
        .file(f)
        .reason("the service rolls back what it cannot load")
        .signingKey(ops)
        .call();
  }

  private SignalService start() throws Exception {
    return SignalService.start(
        new SignalService.Settings(
            registry.directory().toString(),
            "alpha",
            Policy.PRODUCTION,
            0,
            service,
            false,
            null,
            Clock.systemUTC(),
            new PrintStream(log, true, StandardCharsets.UTF_8)));
  }

  private HttpResponse<String> get(SignalService s, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(SignalService s, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void followsPromotionAndRollbackAndAnswersTheSeedsEndpoints() throws Exception {
    try (SignalService s = start()) {
      assertTrue(s.awaitVersion("v1.0.0", SWITCH), log.toString());
      JsonNode health = JSON.readTree(get(s, "/v1/health").body());
      assertEquals("v1.0.0", health.path("version").asText());
      assertEquals(
          registry.show().model("alpha").version("v1.0.0").call().pointer().sha256().toString(),
          health.path("sha256").asText());
      JsonNode p = JSON.readTree(get(s, "/v1/predict?momentum=2&value=0&size=0&quality=0").body());
      assertEquals(0.02, p.path("prediction").asDouble(), 1e-12);

      registry.promote().model("alpha").version("v1.1.0").reason("better").signingKey(ops).call();
      assertTrue(s.awaitVersion("v1.1.0", SWITCH), log.toString());
      p = JSON.readTree(get(s, "/v1/predict?momentum=2&value=0&size=0&quality=0").body());
      assertEquals("v1.1.0", p.path("version").asText());
      assertEquals(0.041, p.path("prediction").asDouble(), 1e-12);

      registry
          .rollback()
          .model("alpha")
          .version("v1.1.0")
          .reason("worse live")
          .signingKey(ops)
          .call();
      assertTrue(s.awaitVersion("v1.0.0", SWITCH), log.toString());
      assertTrue(log.toString().contains("Model reloaded: alpha v1.0.0"), log.toString());

      HttpResponse<String> bad = get(s, "/v1/predict?momentum=2&value=x");
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().contains("value"), bad.body());
      assertEquals(405, post(s, "/v1/predict").statusCode());
      assertEquals(404, get(s, "/v2/anything").statusCode());
      HttpResponse<String> reload = post(s, "/v1/models/reload");
      assertEquals(202, reload.statusCode());
      assertEquals("v1.0.0", JSON.readTree(reload.body()).path("version").asText());
    }
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < end && serviceThreadsAlive()) {
      Thread.sleep(20);
    }
    assertTrue(!serviceThreadsAlive(), "no thread of the service is left after close");
  }

  private static boolean serviceThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(
            t ->
                t.isAlive()
                    && (t.getName().startsWith("model-loader")
                        || t.getName().startsWith("HTTP-Dispatcher")));
  }

  @Test
  void aModelThatFailsItsSmokeCheckIsNotServedAndTheGuardRollsItBack() throws Exception {
    try (SignalService s = start()) {
      assertTrue(s.awaitVersion("v1.0.0", SWITCH), log.toString());
      registry.promote().model("alpha").version("v1.2.0").reason("oops").signingKey(ops).call();
      long end = System.nanoTime() + SWITCH.toNanos();
      HistoryEntry top = null;
      while (System.nanoTime() < end) {
        top = registry.refresh().history().model("alpha").call().entries().get(0);
        if (top.action().equals("rollback")) {
          break;
        }
        Thread.sleep(50);
      }
      assertEquals("rollback", top.action(), log.toString());
      assertEquals(SignalDemo.SERVICE, top.signer());
      assertTrue(top.reason().startsWith("automatic: load failure of v1.2.0"), top.reason());
      assertEquals("v1.0.0", registry.current().model("alpha").call().orElseThrow().version());
      assertEquals("v1.0.0", s.version().orElseThrow(), "never served v1.2.0");
      assertTrue(registry.verify().call().clean(), "the service's rollback verifies");
    }
  }
}
