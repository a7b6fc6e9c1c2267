package dev.modelregistry.git;

import dev.modelregistry.git.internal.Registrations;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads a version's artifact from its store in full, checking size and sha256 as it streams. A
 * mismatch is a {@link ChecksumMismatchException} naming both hashes, the location and the fix.
 */
public final class ValidateCommand extends RegistryCommand<ValidationResult> {
  private String model;
  private String version;

  ValidateCommand(Registry registry) {
    super(registry);
  }

  public ValidateCommand model(String model) {
    this.model = model;
    return this;
  }

  public ValidateCommand version(String version) {
    this.version = version;
    return this;
  }

  @Override
  ValidationResult run() {
    ModelName m = Registry.requireModel(model);
    ModelVersion v = Registry.requireVersion(version);
    try (Snapshot s = Snapshot.take(registry.context())) {
      Registrations.Registered r = s.registered(m, v, "Validation of " + m + " " + v);
      return check(registry.storeFor(s.policy()), m, v, s.pointer(r));
    }
  }

  /**
   * Reads {@code pointer}'s artifact from {@code store} in full (promotion, rollback and approval
   * check artifacts too).
   */
  static ValidationResult check(
      ArtifactStore store, ModelName m, ModelVersion v, ArtifactPointer pointer) {
    long start = System.nanoTime();
    try (InputStream in = store.openVerified(pointer)) {
      byte[] buf = new byte[Hashing.BUFFER];
      while (in.read(buf) >= 0) {
        // reading is the check: VerifyingInputStream throws at the end on any mismatch
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read " + store.describe(pointer) + ": " + e.getMessage(), e);
    }
    return new ValidationResult(
        m, v, pointer, store.describe(pointer), Duration.ofNanos(System.nanoTime() - start));
  }
}
