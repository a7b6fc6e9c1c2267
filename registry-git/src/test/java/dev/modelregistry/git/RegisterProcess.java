package dev.modelregistry.git;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A writer process for the concurrency tests: {@code RegisterProcess <url> <cacheBase> <writer>
 * <count>} registers {@code count} versions {@code v<writer>.<i>.0} of model {@code m} into the
 * registry at {@code url}, keeping its own local clone under {@code cacheBase} (as a separate
 * machine would).
 */
public final class RegisterProcess {
  private RegisterProcess() {}

  public static void main(String[] args) throws Exception {
    Path cache = Path.of(args[1]);
    int writer = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    Path work = Files.createTempDirectory("writer-" + writer);
    // as a front end opens it: the environment handed over (credentials, passphrases), the cache
    // given
    RegistryOptions options =
        RegistryOptions.fromEnvironment(
                System.getenv(), Path.of(System.getProperty("user.home")), null)
            .withCacheDirectory(cache);
    try (Registry r = Registry.open(args[0], options)) {
      for (int i = 0; i < count; i++) {
        Path a =
            Files.writeString(
                work.resolve("model-" + i + ".json"),
                "{\"writer\": " + writer + ", \"i\": " + i + "}");
        Registration reg =
            r.register().model("m").version("v" + writer + "." + i + ".0").artifact(a).call();
        System.out.println("registered " + reg.version());
      }
    }
  }
}
