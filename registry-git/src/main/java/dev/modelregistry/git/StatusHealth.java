package dev.modelregistry.git;

import dev.modelregistry.git.internal.BackupCheck;
import dev.modelregistry.git.internal.BackupLocation;
import dev.modelregistry.git.internal.LastVerify;
import dev.modelregistry.git.internal.RefChanges;
import dev.modelregistry.model.BackupManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The health half of {@code status}: the newest backup of this registry and the last verify, each
 * read from where it lives (the backup location, this machine's note) and compared with the
 * registry's refs now, and the warnings they call for. Nothing here is a second record of either: a
 * backup deleted by hand is no longer reported, one whose files were damaged is reported damaged.
 */
final class StatusHealth {
  /** A daily backup or verify older than this has been missed. */
  static final Duration STALE = Duration.ofHours(26);

  private final Instant now;
  private final Map<String, String> refsNow;
  private final Optional<StatusCommand.Backup> backup;
  private final Optional<StatusCommand.Verify> verify;
  private final List<String> warnings = new ArrayList<>();

  StatusHealth(Registry registry, Path location) {
    now = registry.clock().instant();
    refsNow = refs(registry);
    backup = location == null ? Optional.empty() : newestBackup(location, registry.rootCommit());
    verify = LastVerify.read(registry.context()).map(this::verify);
    warnAboutBackup(location);
    warnAboutVerify();
  }

  Optional<StatusCommand.Backup> lastBackup() {
    return backup;
  }

  Optional<StatusCommand.Verify> lastVerify() {
    return verify;
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  private static Map<String, String> refs(Registry registry) {
    try {
      return RefChanges.now(registry.context().repository());
    } catch (IOException e) {
      throw new dev.modelregistry.model.RegistryUnavailableException(
          "Cannot read the refs of " + registry.location() + ": " + e.getMessage(), e);
    }
  }

  /** The newest backup of the registry with this root: by the time its manifest says. */
  private Optional<StatusCommand.Backup> newestBackup(Path location, String root) {
    if (!Files.isDirectory(location)) {
      return Optional.empty();
    }
    Path newest = null;
    BackupManifest m = null;
    for (Path b : new BackupLocation(location).backups()) {
      BackupManifest read = BackupCheck.readManifest(b, new ArrayList<>());
      if (read != null
          && root.equals(read.rootCommit())
          && (m == null || read.createdAt().isAfter(m.createdAt()))) {
        newest = b;
        m = read;
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    BackupCheck.Outcome o = new BackupCheck().check(newest, null, BackupCheck.Depth.WRITTEN);
    Map<String, String> refsThen = new TreeMap<>();
    m.refs().forEach(r -> refsThen.put(r.name(), r.id()));
    return Optional.of(
        new StatusCommand.Backup(
            newest,
            m.createdAt(),
            m.refs().size(),
            m.artifacts(),
            m.files().stream().mapToLong(BackupManifest.FileEntry::size).sum(),
            o.ok(),
            List.copyOf(o.problems()),
            RefChanges.between(refsThen, refsNow)));
  }

  private StatusCommand.Verify verify(LastVerify.Note note) {
    return new StatusCommand.Verify(
        note.at(),
        note.clean(),
        note.summary(),
        note.refs().map(seen -> RefChanges.between(seen, refsNow)));
  }

  private void warnAboutBackup(Path location) {
    if (location == null) {
      warnings.add(
          "No backup location is set (backups.path in registry.yaml), so no backup was looked"
              + " for: name the backup location, or set it in the policy.");
      return;
    }
    if (backup.isEmpty()) {
      warnings.add("No backup of this registry at " + location + ": take one now.");
      return;
    }
    StatusCommand.Backup b = backup.get();
    if (!b.intact()) {
      warnings.add(
          "The newest backup, "
              + b.path()
              + ", is damaged: "
              + String.join("; ", b.problems().subList(0, Math.min(3, b.problems().size())))
              + ". Take a new backup, and list the backups to find the newest that verifies.");
    }
    if (Duration.between(b.createdAt(), now).compareTo(STALE) > 0) {
      warnings.add(
          "The newest backup is "
              + age(b.createdAt())
              + " old (taken "
              + b.createdAt()
              + "): the daily backup did not run.");
    }
  }

  private void warnAboutVerify() {
    if (verify.isEmpty()) {
      warnings.add("verify has never run on this machine: nothing says the registry is intact.");
      return;
    }
    StatusCommand.Verify v = verify.get();
    if (!v.clean()) {
      warnings.add("The last verify found problems: " + v.summary());
    }
    if (Duration.between(v.at(), now).compareTo(STALE) > 0) {
      warnings.add("The last verify on this machine is " + age(v.at()) + " old.");
    }
  }

  private String age(Instant then) {
    Duration d = Duration.between(then, now);
    return d.toHours() < 48 ? d.toHours() + " hours" : d.toDays() + " days";
  }
}
