package dev.modelregistry.benchmarks;

import dev.modelregistry.git.store.ArtifactServer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The tests' loopback artifact server (Jetty, PUT/GET/Range) in a process of its own, so that in
 * {@link HttpStoreThroughput} the server's work is not charged to the client JVM under test nor
 * shared with it. Prints its URI, then serves until standard input closes.
 */
public final class ArtifactServerProcess {
  private ArtifactServerProcess() {}

  public static void main(String[] args) throws Exception {
    try (ArtifactServer server = ArtifactServer.start(Path.of(args[0]))) {
      System.out.println(server.uri());
      System.out.flush();
      try {
        while (System.in.read() >= 0) {
          // serve until the parent closes our standard input
        }
      } catch (IOException closed) {
        // the parent is gone
      }
    }
  }
}
