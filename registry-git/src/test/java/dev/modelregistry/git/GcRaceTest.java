package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.store.LocalArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gc racing registrations and promotions, in real concurrent processes that each work on their own
 * clone of one remote registry (as separate machines would), and in threads of one process: a
 * version registered meanwhile survives with its bytes; a version promoted meanwhile is never
 * collected, and a promotion that comes after the collection is refused, never landed on a version
 * main no longer holds.
 */
class GcRaceTest {
  @TempDir Path dir;
  Path key;
  Path repo;
  List<String> old = new ArrayList<>();

  /** A signed registry with nine versions registered 100 days ago and never promoted. */
  @BeforeEach
  void registryWithOldVersions() {
    key = dir.resolve("keys/ops");
    try (Registry r = GcTest.create(dir.resolve("server"), key, 1)) {
      r.withClock(new MutableClock(Instant.now().minus(Duration.ofDays(100))));
      for (int i = 1; i <= 9; i++) {
        old.add("v0." + i + ".0");
        TestRegistry.register(r, dir, "m", "v0." + i + ".0", 0.05, 1.2);
      }
      repo = r.directory();
      GcTest.ageStore((LocalArtifactStore) r.store(), Duration.ofDays(100));
    }
  }

  private Process start(Class<?> main, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static String output(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void gcRacingRegistrationsAndAPromotionOnOtherMachinesLosesNeither() throws Exception {
    String url = repo.toUri().toString();
    Process writer1 =
        start(RegisterProcess.class, url, dir.resolve("cache-1").toString(), "1", "8");
    Process writer2 =
        start(RegisterProcess.class, url, dir.resolve("cache-2").toString(), "2", "8");
    List<String> promote = new ArrayList<>(List.of(url, dir.resolve("cache-p").toString()));
    promote.addAll(List.of(key.toString(), "m", "1000"));
    promote.addAll(old);
    Process promoter = start(PromoteProcess.class, promote.toArray(String[]::new));
    StringBuilder promotionsOut = new StringBuilder();
    java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (var lines =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(
                          promoter.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = lines.readLine(); l != null; l = lines.readLine()) {
                  synchronized (promotionsOut) {
                    promotionsOut.append(l).append('\n');
                  }
                  if (l.startsWith("promoted ") || l.startsWith("refused ")) {
                    first.countDown();
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    reader.start();
    assertTrue(first.await(120, TimeUnit.SECONDS), "the promoter started");
    int runs = 0;
    try (Registry gc = Registry.open(url, dir.resolve("cache-gc"))) {
      while (writer1.isAlive() || writer2.isAlive() || promoter.isAlive() || runs == 0) {
        gc.gc().force(true).signingKey(key).call();
        runs++;
      }
      gc.gc().force(true).signingKey(key).call();
    }
    String registered = output(writer1) + output(writer2);
    assertTrue(promoter.waitFor(300, TimeUnit.SECONDS));
    reader.join();
    assertEquals(0, promoter.exitValue(), promotionsOut.toString());
    String promotions = promotionsOut.toString();
    assertEquals(16, registered.lines().filter(l -> l.startsWith("registered ")).count());
    Set<String> promoted =
        promotions
            .lines()
            .filter(l -> l.startsWith("promoted "))
            .map(l -> l.substring(9))
            .collect(Collectors.toSet());
    assertTrue(
        promotions
            .lines()
            .filter(l -> l.startsWith("refused "))
            .allMatch(l -> l.contains("collected by gc")),
        promotions);
    assertEquals(
        old.size(),
        promotions
            .lines()
            .filter(l -> l.startsWith("promoted ") || l.startsWith("refused "))
            .count(),
        promotions);

    try (Registry check = Registry.open(url, dir.resolve("cache-check"))) {
      Set<String> listed = new HashSet<>();
      check.list().model("m").call().forEach(v -> listed.add(v.version().value()));
      for (String line : registered.lines().filter(l -> l.startsWith("registered ")).toList()) {
        String v = line.substring(11);
        assertTrue(listed.contains(v), v + " registered during gc survives: " + listed);
        check.validate().model("m").version(v).call(); // with its bytes
      }
      for (String v : promoted) {
        assertTrue(listed.contains(v), v + " promoted during gc is not collected: " + listed);
        check.validate().model("m").version(v).call();
      }
      VerifyCommand.Report report = check.verify().call();
      assertTrue(report.clean(), runs + " gc runs; " + promotions + report.findings());
    }
  }

  @Test
  void gcRacingRegistrationsInThreadsKeepsEveryNewVersion() throws Exception {
    String url = repo.toString();
    List<String> registered = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread writer =
        new Thread(
            () -> {
              try (Registry w = Registry.open(url)) {
                for (int i = 0; i < 10; i++) {
                  registered.add(
                      TestRegistry.register(w, dir, "m", "v1." + i + ".0", 0.05, 1.2)
                          .version()
                          .value());
                }
              } catch (Throwable t) {
                failures.add(t);
              }
            });
    writer.start();
    try (Registry gc = Registry.open(url)) {
      while (writer.isAlive()) {
        gc.gc().force(true).signingKey(key).call();
      }
      writer.join();
      assertEquals(List.of(), failures);
      GcReport last = gc.gc().force(true).signingKey(key).call();
      assertTrue(last.candidates().isEmpty(), last.toString());
      Set<String> listed = new HashSet<>();
      gc.list().model("m").call().forEach(v -> listed.add(v.version().value()));
      assertEquals(new HashSet<>(registered), listed, "the old versions went, the new ones stay");
      for (String v : registered) {
        gc.validate().model("m").version(v).call();
      }
      assertTrue(gc.verify().call().clean());
    }
  }

  @Test
  void aWriteThatLeasesEveryBranchRunsAgainWhenAnotherBranchMovedBeforeItsPush() {
    String url = repo.toUri().toString();
    for (boolean lease : List.of(true, false)) {
      try (Registry a = Registry.open(url, dir.resolve("cache-a-" + lease));
          Registry b = Registry.open(url, dir.resolve("cache-b-" + lease))) {
        int[] runs = {0};
        java.util.function.Supplier<Object> note =
            () -> {
              if (++runs[0] == 1) { // production moves on the remote after a fetched
                b.promote().model("m").version(lease ? "v0.1.0" : "v0.2.0").signingKey(key).call();
              }
              try (dev.modelregistry.git.internal.RegistryLock l = a.lock();
                  dev.modelregistry.git.internal.Snapshot s =
                      dev.modelregistry.git.internal.Snapshot.take(a.context())) {
                return s.commitMain(
                    new dev.modelregistry.git.internal.TreeEdit()
                        .put("note-" + lease + "-" + runs[0], "x"),
                    new dev.modelregistry.git.internal.SigningIdentity(
                        null, "ops@example.com", "Ops"),
                    Instant.now(),
                    "note",
                    "",
                    dev.modelregistry.git.internal.Trailers.of("Registry-Action", "note"));
              }
            };
        if (lease) {
          a.writeLeasingEveryBranch(note);
        } else {
          a.write(note);
        }
        assertEquals(lease ? 2 : 1, runs[0], "a lost lease runs the write again on the new state");
        String tree =
            TestRegistry.run(dir, "git", "-C", repo.toString(), "ls-tree", "--name-only", "main");
        assertTrue(tree.contains("note-" + lease + "-" + runs[0]), tree);
        assertTrue(
            !lease || !tree.contains("note-true-1"),
            "all or nothing: the lost attempt's main never landed: " + tree);
      }
    }
  }
}
