package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.model.RegistryRefusedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLockTest {
  @TempDir Path dir;

  private Process holder() throws Exception {
    Process p =
        TestRegistry.javaProcess(LockHolder.class, dir.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("locked", out.readLine());
    return p;
  }

  @Test
  void anotherProcessWaitsAndIsToldWhoHoldsTheLock() throws Exception {
    Process p = holder();
    try {
      RegistryRefusedException e =
          assertThrows(
              RegistryRefusedException.class,
              () -> RegistryLock.acquire(dir, Duration.ofMillis(300)));
      assertTrue(
          e.getMessage().contains("busy") && e.getMessage().contains(String.valueOf(p.pid())),
          e.getMessage());
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKilledHolderDoesNotLeaveTheRegistryLocked() throws Exception {
    Process p = holder();
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    try (RegistryLock lock = RegistryLock.acquire(dir, Duration.ofSeconds(5))) {
      assertTrue(dir.resolve("registry.lock").toFile().exists());
    }
  }

  @Test
  void threadsOfOneProcessTakeTurnsAndTheHolderMayReenter() throws Exception {
    RegistryLock first = RegistryLock.acquire(dir, Duration.ofSeconds(1));
    RegistryLock again =
        RegistryLock.acquire(dir, Duration.ofMillis(100)); // same thread: reentrant
    java.util.concurrent.atomic.AtomicReference<Throwable> other =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread t =
        new Thread(
            () ->
                other.set(
                    assertThrows(
                        RegistryRefusedException.class,
                        () -> RegistryLock.acquire(dir, Duration.ofMillis(100)))));
    t.start();
    t.join();
    assertTrue(other.get().getMessage().contains("busy"));
    again.close();
    t =
        new Thread(
            () ->
                other.set(
                    assertThrows(
                        RegistryRefusedException.class,
                        () -> RegistryLock.acquire(dir, Duration.ofMillis(100)))));
    t.start();
    t.join();
    assertTrue(other.get() instanceof RegistryRefusedException, "still held after the inner close");
    first.close();
    Thread free = new Thread(() -> RegistryLock.acquire(dir, Duration.ofMillis(100)).close());
    free.start();
    free.join();
  }
}
