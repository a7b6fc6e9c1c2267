package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelregistry.model.VersionStatus;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list --status production} and {@code show} of the live version answer from production's
 * record alone, without the branch's history or every version's status: they must say exactly what
 * the full listing says, including for a production version marked failed (not production any
 * more).
 */
class ListByStatusTest {
  @TempDir Path dir;

  @Test
  void aStatusFilterListsWhatTheFullListingFiltersTo() {
    Path key = dir.resolve("keys/ops");
    try (Registry registry = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0", "v2.0.0")) {
        register(registry, dir, "risk_model", v, 0.05, 1.2);
      }
      register(registry, dir, "alpha", "v1.0.0", 0.05, 1.2);
      register(registry, dir, "alpha", "v1.1.0", 0.05, 1.2);
      register(registry, dir, "beta", "v0.1.0", 0.05, 1.2); // never promoted
      for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0")) {
        registry.promote().model("risk_model").version(v).signingKey(key).call();
      }
      registry.promote().model("alpha").version("v1.0.0").signingKey(key).call();
      registry.promote().model("alpha").version("v1.1.0").signingKey(key).call();
      registry.rollback().model("alpha").reason("back to v1.0.0").signingKey(key).call();
      registry
          .fail()
          .model("risk_model")
          .version("v1.2.0")
          .reason("live, then found broken: failed, not production")
          .signingKey(key)
          .call();

      for (String model : Arrays.asList("risk_model", "alpha", "beta", "gamma", null)) {
        List<VersionSummary> all = registry.list().model(model).call();
        for (VersionStatus status : VersionStatus.values()) {
          assertEquals(
              all.stream().filter(r -> r.status() == status).toList(),
              registry.list().model(model).status(status).call(),
              model + " " + status);
        }
      }
      for (VersionSummary row : registry.list().call()) { // show says what the listing says
        assertEquals(
            row.status(),
            registry
                .show()
                .model(row.model().value())
                .version(row.version().value())
                .call()
                .status(),
            row.model() + " " + row.version());
      }
      assertEquals(
          List.of("alpha v1.0.0"),
          registry.list().status(VersionStatus.PRODUCTION).call().stream()
              .map(r -> r.model().value() + " " + r.version().value())
              .toList());
    }
  }
}
