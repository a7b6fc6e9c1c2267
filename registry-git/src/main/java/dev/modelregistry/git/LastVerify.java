package dev.modelregistry.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** When {@code verify} last ran on this machine and what it said, for {@code status}. */
final class LastVerify {
  private LastVerify() {}

  private static Path file(Registry registry) {
    return registry.stateDirectory().resolve("last-verify");
  }

  static void record(Registry registry, VerifyCommand.Report report) {
    try {
      Files.createDirectories(registry.stateDirectory());
      Files.writeString(file(registry), registry.clock().instant() + " " + report.summary() + "\n");
    } catch (IOException e) {
      // status only reports it: a verify that could not note its time has still verified
    }
  }

  static Optional<String> read(Registry registry) {
    try {
      return Files.exists(file(registry)) ? Optional.of(Files.readString(file(registry)).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
