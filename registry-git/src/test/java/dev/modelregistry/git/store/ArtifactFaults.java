package dev.modelregistry.git.store;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults an {@link ArtifactServer} is told to inject, read by {@link ArtifactHandler} on every
 * request. Each field is volatile (or atomic) because tests switch faults from their own thread
 * while Jetty's threads serve requests.
 */
final class ArtifactFaults {
  /** 0: no fault; else the status every PUT answers. */
  volatile int failPuts;

  /** 0: no fault; else the status every GET and HEAD answers. */
  volatile int failGets;

  /** How many more GETs {@link #truncateAfter} cuts short. */
  final AtomicInteger truncations = new AtomicInteger();

  volatile long truncateAfter;

  /** -1: no fault; else the Content-Length GETs declare, whatever they send. */
  volatile long declaredLength = -1;

  volatile boolean hang;

  /** null: no fault; else the bytes GETs serve instead of the stored ones. */
  volatile byte[] otherBytes;

  /** null: no fault; else the base GETs are redirected to. */
  volatile URI redirectTo;

  /** 0: no limit; else the rate GET bodies are sent at. */
  volatile long bytesPerSecond;

  void reset() {
    failPuts = 0;
    failGets = 0;
    truncations.set(0);
    truncateAfter = 0;
    declaredLength = -1;
    hang = false;
    otherBytes = null;
    redirectTo = null;
    bytesPerSecond = 0;
  }

  /** Whether this GET is one of the next n to truncate, counting it down if so. */
  boolean takeTruncation() {
    return truncations.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }
}
