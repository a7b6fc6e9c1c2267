package dev.modelregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/RUNBOOK.md: for each numbered section, sets up the registry in the state the section's
 * symptom describes (two promoted versions and a backup, then the damage), runs every {@code bash}
 * block of the section as written, through the unpacked {@code bin/registry}, and checks its output
 * against the {@code text} block under it ({@code ...} matches anything; lines in order). A block
 * whose expected output is a refusal or a finding must exit non-zero, any other must exit 0.
 */
class RunbookIT {
  private static final Pattern SECTION = Pattern.compile("(?m)^## (\\d+)\\. (.+)$");
  private static final Pattern BLOCK = Pattern.compile("(?ms)^```(bash|text)\\n(.*?)^```$");

  @TempDir Path dir;

  record Step(String commands, String expected) {}

  @TestFactory
  Stream<DynamicTest> everySectionOfTheRunbookWorksAsWritten() throws Exception {
    String runbook = Files.readString(Path.of(System.getProperty("registry.runbook")));
    Path bin = unpack();
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(
        home.resolve(".gitconfig"), "[user]\n\tname = Ops\n\temail = ops@example.com\n");
    TestRegistry.run(
        dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "home/ops-key", "-C", "ops");
    List<DynamicTest> tests = new ArrayList<>();
    Matcher m = SECTION.matcher(runbook);
    List<int[]> bounds = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    while (m.find()) {
      bounds.add(new int[] {m.start(), Integer.parseInt(m.group(1))});
      titles.add(m.group(1) + ". " + m.group(2));
    }
    assertTrue(bounds.size() >= 8, "the runbook's scenarios");
    for (int i = 0; i < bounds.size(); i++) {
      int end = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : runbook.length();
      String body = runbook.substring(bounds.get(i)[0], end);
      int number = bounds.get(i)[1];
      tests.add(
          DynamicTest.dynamicTest(titles.get(i), () -> runSection(number, steps(body), bin, home)));
    }
    return tests.stream();
  }

  private Path unpack() {
    Path install = dir.resolve("install");
    try {
      Files.createDirectories(install);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    TestRegistry.run(install, "tar", "xzf", System.getProperty("registry.dist"));
    return install.resolve("registry-" + System.getProperty("registry.cliVersion") + "/bin");
  }

  /** The section's bash blocks, each with the text block that follows it, if any. */
  static List<Step> steps(String section) {
    List<Step> steps = new ArrayList<>();
    Matcher b = BLOCK.matcher(section);
    while (b.find()) {
      if (b.group(1).equals("bash")) {
        steps.add(new Step(b.group(2), null));
      } else if (!steps.isEmpty() && steps.get(steps.size() - 1).expected() == null) {
        Step last = steps.remove(steps.size() - 1);
        steps.add(new Step(last.commands(), b.group(2)));
      }
    }
    return steps;
  }

  private void runSection(int number, List<Step> steps, Path bin, Path home) throws Exception {
    Path at = Files.createDirectories(dir.resolve("section-" + number));
    Map<String, String> env =
        Map.of(
            "PATH", bin + ":" + System.getenv("PATH"),
            "HOME", home.toString(),
            "REGISTRY_JAVA_OPTS", "-Duser.home=" + home,
            "REGISTRY_URL", at.resolve("registry").toString(),
            "REGISTRY_SIGNING_KEY", home.resolve("ops-key").toString(),
            "BACKUPS", at.resolve("backups").toString(),
            "OFFSITE", Files.createDirectories(at.resolve("offsite")).toString(),
            "MIRROR_URL", at.resolve("mirror.git").toString(),
            "TMPDIR", Files.createDirectories(at.resolve("tmp")).toString());
    Result setup = bash(at, env, RunbookStates.BASE + RunbookStates.damage(number));
    assertEquals(0, setup.status(), "setting up section " + number + ":\n" + setup.output());
    assertTrue(!steps.isEmpty(), "section " + number + " runs no command");
    for (Step step : steps) {
      Result r = bash(at, env, step.commands());
      String what = "section " + number + ":\n" + step.commands() + "\nprinted:\n" + r.output();
      if (step.expected() != null) {
        assertPrinted(step.expected(), r.output(), what);
        if (step.expected().matches("(?s).*(refused|NOT verified|FAIL ).*")) {
          assertNotEquals(0, r.status(), what);
          continue;
        }
      }
      assertEquals(0, r.status(), what);
    }
  }

  private static void assertPrinted(String expected, String output, String what) {
    List<String> lines = output.lines().map(String::strip).toList();
    int from = 0;
    for (String want : expected.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      Pattern p = Pattern.compile(wildcard(want));
      int found = -1;
      for (int i = from; i < lines.size() && found < 0; i++) {
        if (p.matcher(lines.get(i)).find()) {
          found = i;
        }
      }
      assertTrue(found >= 0, "expected a line like '" + want + "' (in order) in " + what);
      from = found + 1;
    }
  }

  /** The expected line as a pattern: {@code ...} matches anything, any run of spaces any other. */
  private static String wildcard(String line) {
    List<String> parts = new ArrayList<>();
    for (String part : line.split("\\.\\.\\.", -1)) {
      parts.add(
          String.join(
              "\\s+",
              Stream.of(part.strip().split("\\s+"))
                  .filter(w -> !w.isEmpty())
                  .map(Pattern::quote)
                  .toList()));
    }
    return String.join(".*", parts);
  }

  record Result(int status, String output) {}

  private static Result bash(Path at, Map<String, String> env, String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(at.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("GIT_"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile(at, "out", ".txt");
    Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "did not end: " + script);
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
