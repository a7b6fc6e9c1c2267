package dev.modelregistry.git.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** When {@code verify} last ran on this machine and what it said, for {@code status}. */
public final class LastVerify {
  private LastVerify() {}

  private static Path file(RegistryContext registry) {
    return registry.stateDirectory().resolve("last-verify");
  }

  public static void record(RegistryContext registry, String summary) {
    try {
      Files.createDirectories(registry.stateDirectory());
      Files.writeString(file(registry), registry.clock().instant() + " " + summary + "\n");
    } catch (IOException e) {
      // status only reports it: a verify that could not note its time has still verified
    }
  }

  public static Optional<String> read(RegistryContext registry) {
    try {
      return Files.exists(file(registry))
          ? Optional.of(Files.readString(file(registry)).strip())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
