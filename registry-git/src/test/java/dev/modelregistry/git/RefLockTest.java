package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static dev.modelregistry.git.TestRegistry.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.RefLocks;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.model.RefLockFile;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed inside a ref update leaves a lock file: it never blocks the next operation for
 * long.
 */
class RefLockTest {
  @TempDir Path dir;
  Path key;
  Registry registry;

  @BeforeEach
  void setUp() {
    key = dir.resolve("keys/ops");
    registry = TestRegistry.createSigned(dir, key, "ops@example.com");
    register(registry, dir, "risk_model", "v1.0.0", 0.05, 1.2);
    register(registry, dir, "risk_model", "v1.1.0", 0.06, 1.4);
    registry.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
    registry.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  /** Starts a process that takes {@code ref}'s lock as JGit's ref update does, and holds it. */
  private Process holdRefLock(Path gitDir, String ref) throws Exception {
    Process p =
        TestRegistry.javaProcess(
                RefLockHolder.class, gitDir.toString(), ref, ObjectId.zeroId().name())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String said = out.readLine();
    if (!"locked".equals(said)) {
      kill(p);
      throw new AssertionError("the lock holder said " + said);
    }
    return p;
  }

  /** Kills {@code p} with SIGKILL: no finally block runs, its lock file stays. */
  private static void kill(Process p) throws Exception {
    p.destroyForcibly();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
  }

  /** Dates {@code file} back, as if its writer had died {@code ago}. */
  private static void age(Path file, Duration ago) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(ago)));
  }

  private String production() {
    return registry.current().model("risk_model").call().orElseThrow().version();
  }

  @Test
  void aLockLeftByAKilledWriterIsRemovedByTheNextRollbackWhichSaysSo() throws Exception {
    Path lock = registry.directory().resolve("refs/heads/production.lock");
    kill(holdRefLock(registry.directory(), "refs/heads/production"));
    assertTrue(Files.exists(lock), "the killed writer left its lock");
    age(lock, Duration.ofMinutes(10));

    Rollback r =
        registry
            .rollback()
            .model("risk_model")
            .reason("v1.1.0 losing money")
            .signingKey(key)
            .call();

    assertEquals("v1.0.0", r.to().version());
    assertEquals("v1.0.0", production());
    assertFalse(Files.exists(lock));
    assertEquals(1, r.repairs().size(), r.repairs().toString());
    assertTrue(
        r.repairs().get(0).startsWith("removed stale lock refs/heads/production.lock (left since "),
        r.repairs().get(0));
    assertTrue(
        registry
            .promote()
            .model("risk_model")
            .version("v1.1.0")
            .signingKey(key)
            .call()
            .repairs()
            .isEmpty(),
        "reported once");
    run(registry.directory(), "git", "fsck", "--strict");
  }

  @Test
  void aYoungLockHeldByAnotherProcessIsWaitedForThenNamedAndOnceStaleTheNextPromoteRemovesIt()
      throws Exception {
    Path lock = registry.directory().resolve("refs/heads/production.lock");
    ObjectId before = registry.tip("production");
    Process holder = holdRefLock(registry.directory(), "refs/heads/production");
    try {
      long start = System.nanoTime();
      RegistryUnavailableException e =
          assertThrows(
              RegistryUnavailableException.class,
              () ->
                  registry
                      .rollback()
                      .model("risk_model")
                      .reason("v1.1.0 losing money")
                      .signingKey(key)
                      .call());
      assertTrue(System.nanoTime() - start >= RefLocks.PATIENCE.toNanos(), "waited for it first");
      assertTrue(
          e.getMessage().contains("the lock file " + lock + " is in the way"), e.getMessage());
      assertTrue(e.getMessage().contains("rm '" + lock + "'"), e.getMessage());
      assertFalse(
          e.getMessage().contains("changed while it was being prepared"),
          "nobody moved the branch");
      assertEquals(before, registry.tip("production"), "nothing written");
      assertTrue(Files.exists(lock), "a live writer's lock is never removed");
    } finally {
      kill(holder);
    }
    age(lock, RefLocks.STALE_AFTER.plusSeconds(5));
    Promotion p = registry.promote().model("risk_model").version("v1.0.0").signingKey(key).call();
    assertEquals("v1.0.0", production());
    assertTrue(
        p.repairs().get(0).startsWith("removed stale lock refs/heads/production.lock"),
        p.repairs().toString());
  }

  @Test
  void aBranchThatReallyMovedIsStillToldApartFromALock() throws Exception {
    ObjectId tip = registry.tip("production");
    ObjectId older = registry.repository().parseCommit(tip).getParent(0);
    assertFalse(
        BranchWriter.compareAndSwap(registry.repository(), "production", older, tip, "test"),
        "moved: false, at once");
    Path lock = registry.directory().resolve("refs/heads/production.lock");
    Files.writeString(lock, tip.name() + "\n");
    age(lock, Duration.ofHours(1));
    // without the registry lock nobody can tell a stale lock from a writer of ours at work: it is
    // only named
    RegistryUnavailableException e =
        assertThrows(
            RegistryUnavailableException.class,
            () ->
                BranchWriter.compareAndSwap(
                    registry.repository(), "production", tip, older, "test"));
    assertTrue(e.getMessage().contains(lock.toString()), e.getMessage());
    try (RegistryLock held = registry.lock()) {
      assertEquals(1, held.repairs().size(), "taking the lock removed it");
      registry.reported(held.repairs());
    }
    assertFalse(Files.exists(lock));
  }

  @Test
  void statusAndVerifyReportLeftLockFilesNestedOnesAndPackedRefsToo() throws Exception {
    Path nested = registry.directory().resolve("refs/heads/promotion/risk_model/v1.1.0.lock");
    Files.createDirectories(nested.getParent());
    Files.writeString(nested, ObjectId.zeroId().name() + "\n");
    age(nested, Duration.ofHours(3));
    Path packed = registry.directory().resolve("packed-refs.lock");
    Files.writeString(packed, "");
    age(packed, Duration.ofMinutes(5));
    Path young = registry.directory().resolve("refs/heads/main.lock");
    Files.writeString(young, ObjectId.zeroId().name() + "\n");

    List<RefLockFile> locks = registry.status().call().lockFiles();
    assertEquals(
        java.util.Set.of(young, packed, nested),
        locks.stream().map(RefLockFile::file).collect(java.util.stream.Collectors.toSet()));
    RefLockFile n = locks.stream().filter(l -> l.file().equals(nested)).findFirst().orElseThrow();
    assertTrue(n.stale() && n.age().compareTo(Duration.ofHours(3)) >= 0, n.toString());
    assertTrue(
        n.blocks().contains("branch promotion/risk_model/v1.1.0")
            && n.fix().contains("rm '" + nested + "'"),
        n.toString());
    assertFalse(
        locks.stream().filter(l -> l.file().equals(young)).findFirst().orElseThrow().stale());

    VerifyCommand.Report report = registry.verify().call();
    assertFalse(report.clean());
    List<VerifyCommand.Finding> found =
        report.findings().stream().filter(f -> f.where().startsWith("lock file ")).toList();
    assertEquals(
        2, found.size(), "the stale ones; the young one is a writer at work: " + report.findings());
    assertTrue(
        found.stream()
            .anyMatch(f -> f.where().contains(nested.toString()) && f.problem().contains("3 h")),
        found.toString());
    assertTrue(
        found.stream()
            .anyMatch(
                f ->
                    f.where().contains(packed.toString())
                        && f.fix().contains("rm '" + packed + "'")),
        found.toString());
    assertTrue(Files.exists(nested) && Files.exists(packed), "reading repairs nothing");

    Files.delete(young);
    Rollback r = registry.rollback().model("risk_model").reason("check").signingKey(key).call();
    assertEquals(2, r.repairs().size(), r.repairs().toString());
    assertTrue(registry.status().call().lockFiles().isEmpty());
    assertTrue(registry.verify().call().clean());
  }

  @Test
  void aRemotesCacheWithLocksLeftInItFetchesAndWritesAgain() throws Exception {
    Path remote = registry.directory();
    String url = remote.toUri().toString();
    Path cache;
    try (Registry a = Registry.open(url, dir.resolve("cache-a"))) {
      cache = a.directory();
    }
    // a writer of cache-a killed inside its fetch and inside its branch update
    for (String ref : List.of("refs/remotes/origin/production", "refs/heads/production")) {
      kill(holdRefLock(cache, ref));
    }
    registry
        .rollback()
        .model("risk_model")
        .reason("someone else rolls back")
        .signingKey(key)
        .call(); // v1.0.0 now
    RegistryUnavailableException young =
        assertThrows(
            RegistryUnavailableException.class, () -> Registry.open(url, dir.resolve("cache-a")));
    assertTrue(
        young
            .getMessage()
            .contains("the lock file " + cache.resolve("refs/remotes/origin/production.lock")),
        "a fetch that cannot update a tracking ref fails rather than go on from a stale one: "
            + young.getMessage());
    for (String ref : List.of("refs/remotes/origin/production", "refs/heads/production")) {
      age(cache.resolve(ref + ".lock"), Duration.ofMinutes(30));
    }
    try (Registry a = Registry.open(url, dir.resolve("cache-a"))) {
      Promotion p = a.promote().model("risk_model").version("v1.1.0").signingKey(key).call();
      assertFalse(
          p.alreadyThere(), "it saw the rollback that the locked tracking ref would have hidden");
      assertEquals(2, p.repairs().size(), p.repairs().toString());
      assertTrue(
          p.repairs().stream()
              .anyMatch(
                  n -> n.startsWith("removed stale lock refs/remotes/origin/production.lock")));
    }
    assertEquals("v1.1.0", production());
  }

  @Test
  void aLockLeftOnAFileRemoteByAWriterKilledWhilePushingIsNamedAtOnceNotRetriedForMinutes()
      throws Exception {
    Path remote = registry.directory();
    String url = remote.toUri().toString();
    kill(
        holdRefLock(
            remote,
            "refs/heads/production")); // the receiving side of a file: push runs in the writer
    Path lock = remote.resolve("refs/heads/production.lock");
    age(lock, Duration.ofMinutes(10));
    try (Registry a = Registry.open(url, dir.resolve("cache-a"))) {
      long start = System.nanoTime();
      RegistryUnavailableException e =
          assertThrows(
              RegistryUnavailableException.class,
              () ->
                  a.rollback()
                      .model("risk_model")
                      .reason("v1.1.0 losing money")
                      .signingKey(key)
                      .call());
      assertTrue(
          System.nanoTime() - start < Duration.ofSeconds(30).toNanos(),
          "not the ten-minute retry loop");
      assertTrue(
          e.getMessage().contains("the lock file " + lock + " is in the way")
              && e.getMessage().contains("rm '" + lock + "'"),
          e.getMessage());
      RefLockFile reported =
          a.status().call().lockFiles().stream()
              .filter(l -> l.file().equals(lock))
              .findFirst()
              .orElseThrow();
      assertTrue(
          reported.stale() && reported.fix().contains("writers of this remote do not remove it"),
          reported.toString());
    }
    assertTrue(Files.exists(lock), "nobody but a person removes a remote's lock");
    assertEquals("v1.1.0", production());
  }
}
