package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.remote.RemoteSync;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI jobs on one runner share ~/.cache/model-registry: opening a remote new to it at once must work
 * for all.
 */
class SharedCacheTest {
  @TempDir Path dir;

  private String serverRegistry() throws Exception {
    Path repo = dir.resolve("server/reg.git");
    TestRegistry.create(dir.resolve("server")).close();
    Files.move(dir.resolve("server/registry.git"), repo);
    return repo.toUri().toString();
  }

  @Test
  void aCacheThatAnOlderVersionLeftHalfMadeIsSetAsideAndOneMadeWithOlderSettingsIsUpdated()
      throws Exception {
    String url = serverRegistry();
    Path cache = dir.resolve("cache");
    Path dotGit = RemoteSync.of(url).cacheDirectory(cache);
    Files.createDirectories(
        dotGit.resolve(
            "objects")); // what a process killed (or lost a race) inside repo.create() left
    try (Registry r = Registry.open(url, cache)) {
      assertEquals(0, r.list().call().size());
    }
    try (var left = Files.list(cache)) {
      assertEquals(
          1,
          left.filter(p -> p.getFileName().toString().startsWith(dotGit.getFileName() + ".broken-"))
              .count());
    }
    TestRegistry.run(
        dotGit, "git", "config", "--unset", "fetch.autogc"); // a cache made before that setting
    try (Registry r = Registry.open(url, cache)) {
      assertEquals("false", TestRegistry.run(dotGit, "git", "config", "fetch.autogc").strip());
    }
  }

  @Test
  void eightProcessesOpeningARemoteNewToThisMachineAtOnceAllSucceed() throws Exception {
    String url = serverRegistry();
    Path cache = dir.resolve("shared-cache"); // fresh: no process has opened this remote here yet
    Path go = dir.resolve("go");
    List<Process> procs = new ArrayList<>();
    for (int w = 1; w <= 8; w++) {
      procs.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  OpenAtOnceProcess.class.getName(),
                  url,
                  cache.toString(),
                  go.toString(),
                  String.valueOf(w))
              .redirectErrorStream(true)
              .start());
    }
    List<String> failed = new ArrayList<>();
    try {
      List<BufferedReader> outs = new ArrayList<>();
      for (Process p : procs) {
        BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine()); // printed before anything else is loaded
        outs.add(out);
      }
      Files.createFile(go); // all eight start within a millisecond or two
      for (int i = 0; i < procs.size(); i++) {
        String rest = String.join("\n", outs.get(i).lines().toList());
        assertTrue(procs.get(i).waitFor(120, TimeUnit.SECONDS));
        if (procs.get(i).exitValue() != 0 || !rest.contains("registered v" + (i + 1) + ".0.0")) {
          failed.add("writer " + (i + 1) + " exited " + procs.get(i).exitValue() + ": " + rest);
        }
      }
    } finally {
      procs.forEach(Process::destroyForcibly); // only those still running, after a failed assertion
    }
    assertEquals(List.of(), failed);
    try (Registry r = Registry.open(url, cache)) {
      assertEquals(8, r.list().model("m").call().size());
    }
    try (var left = Files.list(cache)) {
      assertEquals(
          List.of(),
          left.map(p -> p.getFileName().toString()).filter(n -> n.contains(".new-")).toList(),
          "no temporary cache left behind");
    }
  }
}
