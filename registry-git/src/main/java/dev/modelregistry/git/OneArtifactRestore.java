package dev.modelregistry.git;

import dev.modelregistry.git.internal.BackupCheck;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.FileCopy;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.BackupManifest;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores one version's artifact bytes into the store: from the newest backup that holds a copy
 * matching the version's pointer (size and sha256, read in full), replacing the store's file in one
 * step. The registry itself is not touched. Nothing is written when the store's copy is intact, or
 * on a dry run.
 */
final class OneArtifactRestore {
  private final Registry registry;
  private final BackupChoice choice;
  private final boolean force;

  OneArtifactRestore(Registry registry, BackupChoice choice, boolean force) {
    this.registry = registry;
    this.choice = choice;
    this.force = force;
  }

  RestoreCommand.Restored restore(ModelName m, ModelVersion v) {
    ArtifactPointer pointer;
    Policy policy;
    try (Snapshot s = Snapshot.take(registry.context())) {
      policy = s.policy();
      pointer = s.pointer(s.registered(m, v, "Restoring the artifact of " + m + " " + v));
    }
    ArtifactStore store = registry.storeFor(policy).forPointer(pointer);
    Path stored = store instanceof LocalArtifactStore local ? local.pathOf(pointer.sha256()) : null;
    String where = stored != null ? stored.toString() : pointer.uri();
    if (store.holds(pointer)) {
      return answer(null, null, stored, pointer, m, v, 0, true);
    }
    List<Path> candidates = choice.candidates(policy);
    List<String> problems = new ArrayList<>();
    String path = BackupManifest.artifactPath(pointer.sha256());
    for (int i = candidates.size() - 1; i >= 0; i--) {
      Path b = candidates.get(i);
      List<String> found = new ArrayList<>();
      BackupManifest manifest = BackupCheck.readManifest(b, found);
      if (manifest == null) {
        problems.add(b.getFileName() + ": " + String.join("; ", found));
        continue;
      }
      if (manifest.file(path) == null) {
        continue; // a backup taken before the version was registered
      }
      Path copy = b.resolve(path);
      try {
        FileCopy.Hashed h = FileCopy.hash(copy);
        if (!h.sha256().equals(pointer.sha256()) || h.size() != pointer.size()) {
          problems.add(b.getFileName() + ": its copy has sha256 " + h.sha256().hex());
          continue;
        }
      } catch (IOException e) {
        problems.add(b.getFileName() + ": cannot read its copy (" + e.getMessage() + ")");
        continue;
      }
      if (force) {
        store.restore(copy, pointer);
      }
      return answer(b, manifest, stored, pointer, m, v, 1, false);
    }
    throw new RegistryRefusedException(
        "No backup "
            + (choice.latest() ? "at " + choice.searched(policy) : Display.quote(choice.from()))
            + " holds a good copy of the artifact of "
            + m
            + " "
            + v
            + " (sha256 "
            + pointer.sha256().hex()
            + "; "
            + candidates.size()
            + " backup(s) looked at"
            + (problems.isEmpty() ? "" : ": " + String.join("; ", problems))
            + "). Nothing was changed."
            + " Put back any copy whose sha256 is "
            + pointer.sha256().hex()
            + (stored != null
                ? " (install -m 444 <good copy> " + stored + ")"
                : " at " + where + " (an HTTP PUT, or the repository's upload)")
            + ", or"
            + " register the model again under a new version.");
  }

  private RestoreCommand.Restored answer(
      Path backup,
      BackupManifest manifest,
      Path stored,
      ArtifactPointer pointer,
      ModelName m,
      ModelVersion v,
      int artifacts,
      boolean nothingToDo) {
    return new RestoreCommand.Restored(
        !force,
        backup,
        manifest == null ? null : manifest.createdAt(),
        registry.location(),
        stored,
        null,
        List.of(),
        artifacts,
        pointer.size(),
        m.value(),
        v.value(),
        pointer.sha256(),
        nothingToDo,
        List.of());
  }

  /** A pointer to the artifact {@code sha}, for the store to check a restored copy against. */
  static ArtifactPointer pointer(Sha256 sha, long size) {
    return new ArtifactPointer(LocalArtifactStore.uriOf(sha), sha, size, null, sha.hex());
  }

  /** True if the store's file of {@code sha} is there with that size and sha256 (read in full). */
  static boolean intact(LocalArtifactStore store, Sha256 sha, long size) {
    Path p = store.pathOf(sha);
    try {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) != size) {
        return false;
      }
      return FileCopy.hash(p).sha256().equals(sha);
    } catch (IOException e) {
      return false;
    }
  }
}
