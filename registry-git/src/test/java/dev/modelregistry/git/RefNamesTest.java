package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.model.EnvironmentNames;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.VersionRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

/**
 * Model names, versions and environment names become branch names ({@code
 * promotion/<model>/<version>}, {@code <environment>}): every one the rules accept must be a ref
 * name both JGit and {@code git check-ref-format} accept, and those Git refuses must be refused.
 * JGit alone is not enough: it accepts {@code promotion/model.lock/v1.0.0}, which Git refuses.
 */
class RefNamesTest {
  static final List<String> MODEL_NAMES =
      List.of(
          "risk_model",
          "alpha-baseline",
          "m.v2",
          "0abc",
          "_x",
          "a",
          "model.lock",
          "a.lock",
          "x.lock.lock",
          "lock",
          "m.lockx",
          "locked",
          "m.",
          "m..x",
          ".m",
          "m@{1}",
          "m@",
          "m~1",
          "m^",
          "m:x",
          "m?",
          "m*",
          "m[1]",
          "m\\x",
          "m x",
          "m/x",
          "-m",
          "m-",
          "m_.lock");
  static final List<String> VERSIONS =
      List.of(
          "v1.0.0",
          "v1.2.3-rc.1",
          "v1.0.0-alpha-1",
          "v1.0.0-rc.lock",
          "v1.0.0-lock",
          "v1.0.0-rc.LOCK",
          "v1.0.0-lock.1",
          "v1.0.0-x.lockx",
          "v20250117",
          "v20250117.2",
          "v1.0.0.",
          "v1.0.0-rc..1",
          "v1.0.0-rc@{1}",
          "v1.0.0-a.Lock");
  static final List<String> ENVIRONMENTS =
      List.of(
          "production",
          "paper",
          "staging-2",
          "a_b",
          "promotion",
          "main",
          "p.lock",
          "p.",
          "head",
          "p@{1}");

  @Test
  void everyAcceptedModelNameMakesAValidPromotionBranchAndEveryOneGitRefusesIsRefused() {
    crossCheck(MODEL_NAMES, ModelName::of, m -> "refs/heads/promotion/" + m + "/v1.0.0");
    assertRefused(
        ModelName::of,
        "model.lock"); // accepted before: promotion/model.lock/v1.0.0 is no ref Git reads
    assertTrue(
        gitAccepts("refs/heads/promotion/m./v1.0.0"),
        "Git would take a trailing dot inside a ref...");
    assertRefused(ModelName::of, "m."); // ...but Windows drops it from the directory models/m./
  }

  @Test
  void everyAcceptedVersionMakesAValidPromotionBranchAndEveryOneGitRefusesIsRefused() {
    VersionRule calendar = new VersionRule(true);
    crossCheck(VERSIONS, calendar::parse, v -> "refs/heads/promotion/risk_model/" + v);
    crossCheck(VERSIONS, ModelVersion::of, v -> "refs/heads/promotion/risk_model/" + v);
    assertRefused(ModelVersion::of, "v1.0.0-rc.lock");
    // Git takes .LOCK, but on a case-insensitive file system it is the lock file of v1.0.0-rc
    assertRefused(ModelVersion::of, "v1.0.0-rc.LOCK");
  }

  @Test
  void everyAcceptedEnvironmentMakesAValidBranch() {
    crossCheck(ENVIRONMENTS, EnvironmentNames::check, e -> "refs/heads/" + e);
    crossCheck(ENVIRONMENTS, EnvironmentNames::check, e -> "refs/heads/" + e + "/risk_model");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> EnvironmentNames.check("promotion"));
    assertTrue(e.getMessage().contains(EnvironmentNames.RULE), e.getMessage());
  }

  /**
   * Many generated names over the characters that matter, against JGit (in-process, so thousands
   * are cheap).
   */
  @Test
  void generatedNamesAcceptedByTheRulesAreValidForJGit() {
    Random random = new Random(7);
    String alphabet = "ablock.-_0@{";
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int length = 1 + random.nextInt(9);
      for (int j = 0; j < length; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String name = b.toString();
      if (accepts(ModelName::of, name)) {
        accepted++;
        assertTrue(Repository.isValidRefName("refs/heads/promotion/" + name + "/v1.0.0"), name);
        assertFalse(name.endsWith(".lock") || name.endsWith("."), name);
      }
      String version = "v1.0.0-" + name;
      if (accepts(ModelVersion::of, version)) {
        assertTrue(Repository.isValidRefName("refs/heads/promotion/m/" + version), version);
      }
    }
    assertTrue(accepted > 1000, "the sample holds accepted names: " + accepted);
  }

  private static <T> void crossCheck(
      List<String> names, Function<String, T> rule, Function<String, String> refOf) {
    List<String> gitRefuses = new ArrayList<>();
    for (String name : names) {
      String ref = refOf.apply(name);
      boolean git = gitAccepts(ref);
      if (accepts(rule, name)) {
        assertTrue(git, "git check-ref-format refuses " + ref + ", but the rule accepts " + name);
        assertTrue(
            Repository.isValidRefName(ref),
            "JGit refuses " + ref + ", but the rule accepts " + name);
      } else if (!git) {
        gitRefuses.add(name);
      }
      if (!git || !Repository.isValidRefName(ref)) {
        assertFalse(accepts(rule, name), name);
      }
    }
    assertFalse(gitRefuses.isEmpty(), "the list holds names Git refuses");
  }

  private static <T> boolean accepts(Function<String, T> rule, String name) {
    try {
      rule.apply(name);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private static <T> void assertRefused(Function<String, T> rule, String name) {
    assertThrows(InvalidInputException.class, () -> rule.apply(name), name);
  }

  /** {@code git check-ref-format <ref>}: exit 0 if Git takes it. */
  private static boolean gitAccepts(String ref) {
    try {
      Process p =
          new ProcessBuilder("git", "check-ref-format", ref).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
