package dev.modelregistry.git;

import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.git.store.StoreRouter;
import dev.modelregistry.model.BackupManifest;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import java.nio.file.Path;
import java.util.List;

/**
 * A backup's artifacts put into the store of the registry a restore is writing (still beside the
 * registry, under a hidden name): the part of a whole restore that is not Git.
 */
final class StagedArtifacts {
  private final RegistryOptions options;
  private final BackupCommand.Progress progress;

  StagedArtifacts(RegistryOptions options, BackupCommand.Progress progress) {
    this.options = options;
    this.progress = progress;
  }

  /**
   * Puts the artifacts of the backup into the store the restored registry's policy names (relative
   * to the new repository, or a shared store at an absolute path): each one absent or damaged there
   * is copied, hashed while copied, and moved into place only if it matches.
   */
  int restore(Path backup, BackupManifest m, Path staging, Path tempCache) {
    // opened with a throw-away cache: this user's state about the registry is the registry's at
    // its place, not the staging's
    try (Registry staged =
        Registry.open(staging.toString(), options.withCacheDirectory(tempCache))) {
      // A relative store lies inside the new repository, wherever registry.yaml at main's tip
      // points: safe to take unjudged. Only a store at an absolute path (shared, outside) waits
      // for the policy in force, judged over main's whole history (seconds on a large registry,
      // with no cache yet).
      Policy tip = staged.catalog(c -> c.policy());
      StoreRouter stores =
          Path.of(tip.store().path()).isAbsolute()
              ? staged.storeFor(staged.policy())
              : staged.storeFor(tip);
      LocalArtifactStore local = stores.local().orElse(null);
      if (local == null) {
        throw new RegistryRefusedException(
            "The restored registry's store is not a local directory: its artifacts cannot be"
                + " restored into it. Nothing was changed.");
      }
      int written = 0;
      int done = 0;
      List<BackupManifest.FileEntry> files = m.artifactFiles();
      progress.at("artifacts", 0, files.size());
      for (BackupManifest.FileEntry f : files) {
        if (!OneArtifactRestore.intact(local, f.sha256(), f.size())) {
          local.restore(backup.resolve(f.path()), OneArtifactRestore.pointer(f.sha256(), f.size()));
          written++;
        }
        progress.at("artifacts", ++done, files.size());
      }
      return written;
    }
  }
}
