package dev.modelregistry.git;

import java.nio.file.Path;

/**
 * A separate process that restores {@code <registry>} from the newest backup at {@code <location>}
 * and dies between the restore's two renames, as a machine losing power there would: no finally
 * block, no shutdown hook runs.
 */
public final class RestoreCrashProcess {
  private RestoreCrashProcess() {}

  public static void main(String[] args) {
    RegistrySwap.betweenRenames = () -> Runtime.getRuntime().halt(137);
    Registry.restore(args[0], RegistryOptions.defaults())
        .location(Path.of(args[1]))
        .force(true)
        .call();
  }
}
