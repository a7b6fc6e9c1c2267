package dev.modelregistry.git;

import java.nio.file.Path;

/**
 * A separate process that starts a backup of {@code <registry>} into {@code <location>}, prints
 * {@code copying} once it is part-way through the artifacts, and waits there to be killed.
 */
public final class BackupProcess {
  private BackupProcess() {}

  public static void main(String[] args) {
    try (Registry r = Registry.open(args[0])) {
      r.backup()
          .to(Path.of(args[1]))
          .progress(
              (phase, done, total) -> {
                if (phase.equals("artifacts") && done == 1) {
                  System.out.println("copying");
                  System.out.flush();
                  try {
                    Thread.sleep(Long.MAX_VALUE);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              })
          .call();
    }
  }
}
