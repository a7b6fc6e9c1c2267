package dev.modelregistry.git;

import dev.modelregistry.git.internal.RegistryLock;
import java.nio.file.Path;
import java.time.Duration;

/** A separate process that takes a registry's lock, says so, and holds it until it is killed. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    RegistryLock lock = RegistryLock.acquire(Path.of(args[0]), Duration.ofSeconds(10));
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
    lock.close();
  }
}
