package dev.modelregistry.git;

import dev.modelregistry.model.RegistryRefusedException;
import java.nio.file.Path;

/**
 * A promoting process for the gc race tests: {@code PromoteProcess <url> <cacheBase> <key> <model>
 * <version>...} promotes each version in turn into production, from its own local clone (as another
 * machine would). Prints {@code promoted <version>} or {@code refused <version>: <why>}.
 */
public final class PromoteProcess {
  private PromoteProcess() {}

  public static void main(String[] args) throws InterruptedException {
    try (Registry r = Registry.open(args[0], Path.of(args[1]))) {
      for (int i = 5; i < args.length; i++) {
        Thread.sleep(Long.parseLong(args[4]));
        try {
          r.promote().model(args[3]).version(args[i]).signingKey(Path.of(args[2])).call();
          System.out.println("promoted " + args[i]);
        } catch (RegistryRefusedException e) {
          System.out.println(
              "refused " + args[i] + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
      }
    }
  }
}
