package dev.modelregistry.git;

import java.nio.file.Path;

/**
 * A separate process that writes to a registry: {@code WriterProcess <registry> <key> <model>
 * <op>...} where each op is {@code promote:<version>} or {@code rollback}. Prints one line per op:
 * what it did.
 */
public final class WriterProcess {
  private WriterProcess() {}

  public static void main(String[] args) {
    try (Registry r = Registry.open(args[0])) {
      Path key = Path.of(args[1]);
      for (int i = 3; i < args.length; i++) {
        String op = args[i];
        try {
          if (op.startsWith("promote:")) {
            Promotion p =
                r.promote().model(args[2]).version(op.substring(8)).signingKey(key).call();
            System.out.println(
                p.alreadyThere()
                    ? "already " + p.record().version()
                    : "promoted " + p.record().version());
          } else {
            Rollback b =
                r.rollback()
                    .model(args[2])
                    .reason("process " + ProcessHandle.current().pid())
                    .signingKey(key)
                    .call();
            System.out.println("rolledback " + b.to().version());
          }
        } catch (dev.modelregistry.model.RegistryRefusedException e) {
          System.out.println("refused " + e.getMessage().lines().findFirst().orElse(""));
        }
      }
    }
  }
}
