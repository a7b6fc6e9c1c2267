package dev.modelregistry.git;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A writer for the cache-creation race: {@code OpenAtOnceProcess <url> <cacheBase> <goFile>
 * <writer>} says "ready", waits until {@code goFile} exists (so that all writers start within a
 * millisecond or two, as CI jobs started together on one runner do), then opens the registry with
 * the shared cache base and registers {@code v<writer>.0.0} of model {@code m}.
 */
public final class OpenAtOnceProcess {
  private OpenAtOnceProcess() {}

  public static void main(String[] args) throws Exception {
    Path go = Path.of(args[2]);
    int writer = Integer.parseInt(args[3]);
    Path work = Files.createTempDirectory("writer-" + writer);
    Path a = Files.writeString(work.resolve("model.json"), "{\"writer\": " + writer + "}");
    System.out.println("ready");
    System.out.flush();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(go) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    try (Registry r = Registry.open(args[0], Path.of(args[1]))) {
      Registration reg = r.register().model("m").version("v" + writer + ".0.0").artifact(a).call();
      System.out.println("registered " + reg.version());
    }
  }
}
