package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static dev.modelregistry.git.TestRegistry.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI job runs verify on a fresh clone each time; the tips file it keeps makes a rewind visible.
 */
class RewindTest {
  @TempDir Path dir;

  /**
   * A CI job on a new runner: an empty cache (a fresh clone of the remote, no local state), the
   * tips file it kept.
   */
  private VerifyCommand.Report verifyOnAFreshClone(Path origin, Path tips, String name) {
    try (Registry r = Registry.open(origin.toUri().toString(), dir.resolve("ci-cache-" + name))) {
      return r.verify().tipsFile(tips).call();
    }
  }

  @Test
  void aRewoundProductionIsReportedToAJobThatKeepsItsTips() throws Exception {
    Path key = dir.resolve("keys/ops");
    Path origin;
    try (Registry registry = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      origin = registry.directory();
      register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
      register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
      registry.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
      registry.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
    }
    Path tips = dir.resolve("ci-state/tips");
    VerifyCommand.Report first = verifyOnAFreshClone(origin, tips, "1");
    assertTrue(first.clean(), first.findings().toString());
    String production = run(origin, "git", "rev-parse", "production").strip();
    assertTrue(Files.readString(tips).contains("production=" + production), Files.readString(tips));

    run(
        origin,
        "git",
        "update-ref",
        "refs/heads/production",
        "production~1"); // the last promotion rewound away

    Path noTips = dir.resolve("none/tips");
    assertTrue(
        verifyOnAFreshClone(origin, noTips, "blind").clean(),
        "without the tips a fresh clone cannot tell");
    for (String run : List.of("2", "3")) {
      VerifyCommand.Report r = verifyOnAFreshClone(origin, tips, run);
      assertTrue(
          r.findings().stream()
              .anyMatch(
                  f ->
                      f.where().equals("branch production")
                          && f.problem().contains("does not contain " + production)
                          && f.problem().contains("remove the line 'production=")),
          r.findings().toString());
      assertTrue(
          Files.readString(tips).contains("production=" + production),
          "still reported until someone accepts it");
    }
    // an administrator who checked the new history accepts it by removing the line
    Files.write(
        tips, Files.readAllLines(tips).stream().filter(l -> !l.startsWith("production=")).toList());
    assertTrue(verifyOnAFreshClone(origin, tips, "4").clean());
    assertEquals(
        1, Files.readAllLines(tips).stream().filter(l -> l.startsWith("production=")).count());
  }

  @Test
  void aRegistryCreatedAgainAtTheSamePathIsANewRegistryNotARewrite() throws Exception {
    Path key = dir.resolve("keys/ops");
    for (int round = 0; round < 2; round++) {
      Trees.deleteTree(dir.resolve("registry.git"));
      try (Registry registry = TestRegistry.createSigned(dir, key, "ops@example.com")) {
        register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
        registry.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
        assertEquals(
            1, registry.history().model("risk_model").call().entries().size(), "round " + round);
      }
    }
    // a CI job, which pins what it saw, is told
    Path tips = dir.resolve("ci-state/tips");
    Path origin = dir.resolve("registry.git");
    assertTrue(verifyOnAFreshClone(origin, tips, "a").clean());
    Trees.deleteTree(origin);
    try (Registry registry = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    }
    VerifyCommand.Report r = verifyOnAFreshClone(origin, tips, "b");
    assertTrue(
        r.findings().stream().anyMatch(f -> f.problem().contains("re-created or replaced")),
        r.findings().toString());
  }

  /** Deletes a tree, read-only files included. */
  private static final class Trees {
    static void deleteTree(Path root) throws java.io.IOException {
      if (!Files.exists(root)) {
        return;
      }
      try (var s = Files.walk(root)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          p.toFile().setWritable(true);
          Files.delete(p);
        }
      }
    }
  }
}
