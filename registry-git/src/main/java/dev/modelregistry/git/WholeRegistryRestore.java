package dev.modelregistry.git;

import dev.modelregistry.git.internal.BackupCheck;
import dev.modelregistry.git.internal.BackupLocation;
import dev.modelregistry.git.internal.RegistryLocation;
import dev.modelregistry.git.remote.RemoteSync;
import dev.modelregistry.model.BackupManifest;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Restores a whole registry from one backup: checked in full first, its refs fetched into a new
 * repository beside the registry and its artifacts put into that repository's store, then renamed
 * into the registry's place ({@link RegistrySwap}), the registry there kept aside. Works where the
 * registry is gone or too damaged to open. A remote registry is restored into a new local bare
 * repository; the answer says how to serve it or push it (replacing a forge's repository is its
 * administrator's act).
 */
final class WholeRegistryRestore {
  private final String url;
  private final RegistryOptions options;
  private final Path into;
  private final boolean force;
  private final BackupCommand.Progress progress;
  private final BackupChoice choice;

  WholeRegistryRestore(
      String url,
      RegistryOptions options,
      Path into,
      boolean force,
      BackupCommand.Progress progress,
      BackupChoice choice) {
    this.url = url;
    this.options = options;
    this.into = into;
    this.force = force;
    this.progress = progress;
    this.choice = choice;
  }

  RestoreCommand.Restored restore() {
    if (url == null || url.isBlank()) {
      throw new MissingInputException(
          Input.URL, "No registry given: name the registry to restore (its path or URL).");
    }
    boolean remote = RegistryLocation.isRemote(url);
    Instant now = Instant.now();
    Path target = remote ? remoteTarget(now) : RegistryLocation.localPath(url);
    String shown = remote ? RemoteSync.of(url).display() : target.toString();
    Path backup = choice.backup();
    Path parent = target.toAbsolutePath().getParent();
    Path staging = null;
    Path tempCache = null;
    try {
      if (!force) {
        BackupCheck.Outcome o = CheckedBackup.require(backup, null, progress);
        RegistryAtTarget current = RegistryAtTarget.read(target, o.manifest().rootCommit());
        Path aside = current.exists() && !remote ? RegistrySwap.aside(target, now) : null;
        return answer(
            true,
            backup,
            o,
            shown,
            target,
            aside,
            current,
            o.manifest().artifacts(),
            notes(o.manifest(), current, remote, target));
      }
      if (remote
          && Files.exists(target, LinkOption.NOFOLLOW_LINKS)
          && !RegistryAtTarget.isEmptyDirectory(target)) {
        throw new RegistryRefusedException(
            target
                + " exists; a remote registry is restored into a new directory. Name another"
                + " one, or remove it. Nothing was changed.");
      }
      Files.createDirectories(parent);
      staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".restoring-");
      BackupCheck.Outcome o;
      try (Repository repo = FileRepositoryBuilder.create(staging.toFile())) {
        repo.create(true);
        // the bundle's refs land in the new repository as it is checked
        o = CheckedBackup.require(backup, repo, progress);
        RefUpdate head = repo.updateRef(Constants.HEAD);
        head.disableRefLog();
        head.link(Constants.R_HEADS + "main");
      }
      tempCache = Files.createTempDirectory("registry-restore-");
      int written =
          new StagedArtifacts(options, progress).restore(backup, o.manifest(), staging, tempCache);
      RegistryAtTarget current = RegistryAtTarget.read(target, o.manifest().rootCommit());
      Path aside = null;
      if (!remote && current.exists()) {
        aside = RegistrySwap.swap(target, staging, now);
      } else {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(target); // an empty directory: the place to restore into
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      }
      staging = null;
      forgetTipsSeen(target);
      RegistrySwap.forgetInterrupted(target);
      return answer(
          false,
          backup,
          o,
          shown,
          target,
          aside,
          current,
          written,
          notes(o.manifest(), current, remote, target));
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot restore into "
              + target
              + ": "
              + e.getMessage()
              + ". The registry there was"
              + " left as it was.",
          e);
    } finally {
      deleteQuietly(staging);
      deleteQuietly(tempCache);
    }
  }

  private static RestoreCommand.Restored answer(
      boolean dryRun,
      Path backup,
      BackupCheck.Outcome o,
      String shown,
      Path target,
      Path aside,
      RegistryAtTarget current,
      int artifacts,
      List<String> notes) {
    return new RestoreCommand.Restored(
        dryRun,
        backup,
        o.manifest().createdAt(),
        shown,
        target,
        aside,
        current.changesTo(o.refs()),
        artifacts,
        o.manifest().artifactBytes(),
        null,
        null,
        null,
        false,
        notes);
  }

  private List<String> notes(
      BackupManifest m, RegistryAtTarget current, boolean remote, Path target) {
    List<String> notes = new ArrayList<>();
    if (current.problem() != null) {
      notes.add(
          "The repository at "
              + target
              + " cannot be read ("
              + current.problem()
              + "); it is "
              + (force ? "kept" : "would be kept")
              + " aside as it is.");
    }
    if (Boolean.FALSE.equals(current.sameRegistry())) {
      notes.add(
          "The backup is of another registry than the one at "
              + target
              + ": its root commit "
              + m.rootCommit()
              + " is not in that registry's history of main.");
    }
    if (current.exists()
        && current.changesTo(RegistryAtTarget.refsOf(m)).stream()
            .anyMatch(RestoreCommand.RefChange::changes)) {
      notes.add(
          "Machines and CI jobs that read the registry after this backup was taken will report"
              + " its branches as rewritten until their tips file is deleted (each message names"
              + " it); this machine's was reset.");
    }
    if (remote) {
      notes.add(
          "This is a new local bare repository, not the remote. To serve it: use its path as the"
              + " registry, or git daemon --export-all --base-path="
              + target.getParent()
              + ". To replace the remote (its forge's administrator's act): git -C "
              + target
              + " push --mirror <new, empty repository>, or with force pushes allowed, git -C "
              + target
              + " push --mirror "
              + RemoteSync.of(url).display()
              + ".");
    }
    return notes;
  }

  private Path remoteTarget(Instant now) {
    if (into != null) {
      return into.toAbsolutePath().normalize();
    }
    String name = RemoteSync.of(url).humanishName();
    return options
        .cacheDirectory()
        .toAbsolutePath()
        .normalize()
        .resolve("restored")
        .resolve(name + "-" + RegistrySwap.STAMP.format(now) + ".git");
  }

  /**
   * This user's tips seen of the registry at {@code target} start over from the restored branches:
   * the restore is the deliberate rewind that the check of rewritten branches exists to catch
   * otherwise.
   */
  private void forgetTipsSeen(Path target) {
    try (Registry restored = Registry.open(target.toString(), options)) {
      String root = RegistryAtTarget.firstCommitOfMain(restored.repository());
      if (root != null) {
        restored.context().tipJournal().startOver(root);
      }
    } catch (IOException | RegistryException e) {
      // the restore is done; a read reports the rewind with its fix, which is what this would
      // have spared
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      BackupLocation.deleteTree(dir);
    } catch (IOException ignored) {
      // a hidden leftover beside the registry, named for what it is
    }
  }
}
