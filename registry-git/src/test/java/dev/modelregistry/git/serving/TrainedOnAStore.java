package dev.modelregistry.git.serving;

import dev.modelregistry.git.GitHttpServer;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.TestRegistry;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.StorePolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * Test fixture of the store loader tests: a signed registry on a Git server whose artifacts go to
 * {@code store}, and a training machine that registered and promoted risk_model v1.0.0 through its
 * own clone.
 */
final class TrainedOnAStore {
  private TrainedOnAStore() {}

  /**
   * Creates the registry (reg.git on {@code git}, signed by ops@example.com with a new key at
   * dir/keys/ops), registers and promotes v1.0.0 with {@code training}; answers the registry's URL.
   */
  static String registerAndPromote(
      Path dir, GitHttpServer git, StorePolicy store, RegistryOptions training) {
    Path key = dir.resolve("keys/ops");
    String pub = SshKeys.generateEd25519(key, "ops@example.com");
    Policy p =
        Policy.defaults(List.of(TrustedSigners.line("ops@example.com", pub))).withStore(store);
    Registry.init(
            dir.resolve("git/reg.git").toString(), p, TestRegistry.TESTER, CommitSigner.sshKey(key))
        .close();
    String url = git.url("reg.git");
    try (Registry r = Registry.open(url, training)) {
      TestRegistry.register(r, dir, "risk_model", "v1.0.0", 0.05, 1.2);
      r.promote().model("risk_model").version("v1.0.0").reason("first").signingKey(key).call();
    }
    return url;
  }

  /** The artifact {@link #registerAndPromote} registered, as the training machine wrote it. */
  static Path registeredArtifact(Path dir) {
    return dir.resolve("artifacts-in/risk_model-v1.0.0/model.bin");
  }
}
