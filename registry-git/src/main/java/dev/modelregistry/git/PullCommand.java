package dev.modelregistry.git;

import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.internal.Registrations;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.store.ArtifactCache;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.DirectWrites;
import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.git.store.HashingCopy;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Writes the artifact of the version an environment runs now (or of a named version) to a path,
 * checking size and sha256 while it streams: what a serving host or a person debugging needs. The
 * bytes go to a temporary file beside the target, forced to disk, then renamed into place, so the
 * path never holds half an artifact or one that did not match; an existing file is replaced only
 * when told.
 */
public final class PullCommand extends RegistryCommand<PullCommand.Pulled> {

  private String model;
  private String version;
  private String environment = Policy.PRODUCTION;
  private Path output;
  private boolean force;
  private ArtifactStore.CopyProgress progress = ArtifactStore.CopyProgress.NONE;

  PullCommand(Registry registry) {
    super(registry);
  }

  public PullCommand model(String model) {
    this.model = model;
    return this;
  }

  /** A version to pull instead of the one the environment runs. */
  public PullCommand version(String version) {
    this.version = version;
    return this;
  }

  public PullCommand environment(String environment) {
    if (environment != null) {
      this.environment = environment;
    }
    return this;
  }

  /** A file, or an existing directory (the artifact's file name is kept). */
  public PullCommand to(Path output) {
    this.output = output;
    return this;
  }

  /** Replace the file at the output if there is one. */
  public PullCommand force(boolean force) {
    this.force = force;
    return this;
  }

  /** Told how far a large artifact has come. */
  public PullCommand progress(ArtifactStore.CopyProgress progress) {
    this.progress = progress;
    return this;
  }

  /**
   * What was written.
   *
   * @param environment the environment whose current version was pulled; null for a named version
   */
  public record Pulled(
      ModelName model,
      ModelVersion version,
      String environment,
      Sha256 sha256,
      long size,
      Path path) {}

  @Override
  Pulled run() {
    ModelName m = Registry.requireModel(model);
    if (output == null) {
      throw new MissingInputException(
          Input.OUTPUT,
          "No output path given: name the file (or directory) to write the artifact to.");
    }
    ModelVersion v;
    ArtifactPointer pointer;
    ArtifactStore store;
    try (Snapshot s = Snapshot.take(registry.context())) {
      if (version == null) {
        EnvironmentRecord now =
            s.environment(environment)
                .current(m)
                .orElseThrow(
                    () ->
                        new RegistryRefusedException(
                            m
                                + " has"
                                + " never been in "
                                + environment
                                + ": nothing to pull. Name a version instead."));
        v = now.modelVersion();
        pointer =
            s.pointerOfRecord(
                s.registered(m, v, "Pulling " + m + " " + v), now, environment, "Nothing written");
      } else {
        v = s.policy().versions().parse(version);
        Registrations.Registered r = s.registered(m, v, "Pulling " + m + " " + v);
        pointer = s.pointer(r);
      }
      store = registry.storeFor(s.policy()).forPointer(pointer);
    }
    Path target = Files.isDirectory(output) ? output.resolve(pointer.fileName()) : output;
    if (Files.exists(target) && !force) {
      throw new RegistryRefusedException(
          target
              + " exists; nothing written. Replace it only when told (force), or choose"
              + " another output.");
    }
    if (store instanceof LocalArtifactStore local) {
      Path file = local.pathOf(pointer.sha256());
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        try (InputStream missing = store.open(pointer)) {
          // open names what is missing and the ways back; it throws for an absent file
        } catch (IOException e) {
          throw new RegistryUnavailableException("Cannot read " + file + ": " + e.getMessage(), e);
        }
      }
      copyChecked(file, pointer, target, progress);
    } else {
      // a remote store's bytes land in the shared cache first (checked while they stream), so a
      // second pull, or the loader, finds them there instead of downloading them again
      ArtifactCache cache = new ArtifactCache(registry.options().artifactCache());
      ArtifactCache.Fetched f = cache.fetch(store, pointer, progress);
      try {
        copyChecked(f.file(), pointer, target, ArtifactStore.CopyProgress.NONE);
      } catch (ChecksumMismatchException bad) {
        if (f.checked()) {
          throw bad; // downloaded and checked just now: the file changed under us, say so
        }
        cache.evict(pointer); // an old copy went bad (a crash, a disk): the store is the truth
        Path again = cache.fetch(store, pointer, progress).file();
        copyChecked(again, pointer, target, ArtifactStore.CopyProgress.NONE);
      }
    }
    return new Pulled(
        m,
        v,
        version == null ? environment : null,
        pointer.sha256(),
        pointer.size(),
        target.toAbsolutePath());
  }

  /**
   * Copies {@code file} to a temporary file beside {@code target}, hashing it on another thread
   * meanwhile, and renames it into place only if size and sha256 are the pointer's (and it is on
   * disk): a wrong or half copy never gets the target's name.
   */
  private void copyChecked(
      Path file, ArtifactPointer pointer, Path target, ArtifactStore.CopyProgress progress) {
    Path dir = target.toAbsolutePath().getParent();
    Path part = null;
    try {
      Files.createDirectories(dir);
      part = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
      MessageDigest digest = Hashing.sha256();
      // a large pull goes to disk as it is copied (direct I/O), as the local store's copies do
      int alignment = DirectWrites.alignmentFor(part, pointer.size());
      try (FileChannel in =
              FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
          FileChannel ch = DirectWrites.open(part, alignment)) {
        long copied = HashingCopy.copy(in, ch, digest, pointer.size(), progress, alignment);
        if (alignment > 0) {
          ch.truncate(copied); // drop the last block's padding
        }
        Sha256 actual = Sha256.of(digest.digest());
        if (copied != pointer.size() || !actual.equals(pointer.sha256())) {
          throw new ChecksumMismatchException(
              pointer, copied > pointer.size() ? null : actual, copied, file.toString());
        }
        ch.force(true); // on disk before the name points to it
      }
      if (force) {
        Files.move(
            part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(part, target);
      }
      part = null;
    } catch (FileAlreadyExistsException e) {
      throw new RegistryRefusedException(
          target + " appeared while the artifact was pulled; nothing written.", e);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (part != null) {
        try {
          Files.deleteIfExists(part);
        } catch (IOException ignored) {
          // the failure that got us here is what the caller must see
        }
      }
    }
  }
}
