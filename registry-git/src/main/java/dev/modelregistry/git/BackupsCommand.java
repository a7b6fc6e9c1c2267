package dev.modelregistry.git;

import dev.modelregistry.git.internal.BackupCheck;
import dev.modelregistry.git.internal.BackupLocation;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.model.BackupManifest;
import dev.modelregistry.model.Policy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the backups at a backup location ({@link #at}, else the policy's {@code backups.path}),
 * oldest first, each checked in full as a restore would check it: the manifest against its
 * checksum, every file's size and sha256, the bundle readable and complete with the refs the
 * manifest lists. A backup being written (or one a killed backup left) is never listed. Usable
 * without an open registry ({@link Registry#backups(Path)}), for when the registry is gone.
 */
public final class BackupsCommand extends RegistryCommand<BackupsCommand.Listing> {
  private Path location;
  private boolean check = true;

  BackupsCommand(Registry registry) {
    super(registry);
  }

  /** The backup location. Default: the policy's {@code backups.path}. */
  public BackupsCommand at(Path location) {
    this.location = location;
    return this;
  }

  /**
   * False to list from the manifests alone, reading no file in full (fast; {@code verified} is then
   * null).
   */
  public BackupsCommand check(boolean check) {
    this.check = check;
    return this;
  }

  /**
   * One backup.
   *
   * @param refs the refs it holds, by name
   * @param bytes the size of its files (shared ones counted in each backup that holds them)
   * @param verified true if it checks in full; null if not checked
   * @param problems what is wrong with it, each naming the file; empty if it verifies
   */
  public record Entry(
      String name,
      Path path,
      Instant createdAt,
      String registry,
      String rootCommit,
      List<String> refs,
      int artifacts,
      long bytes,
      Boolean verified,
      List<String> problems) {}

  /** Every backup at {@code location}, oldest first. */
  public record Listing(Path location, List<Entry> backups) {
    /** True if every backup listed verifies (or none is there). */
    public boolean allVerified() {
      return backups.stream().allMatch(b -> Boolean.TRUE.equals(b.verified()));
    }

    /** The newest backup that verifies, if any. */
    public java.util.Optional<Entry> newestVerified() {
      for (int i = backups.size() - 1; i >= 0; i--) {
        if (Boolean.TRUE.equals(backups.get(i).verified())) {
          return java.util.Optional.of(backups.get(i));
        }
      }
      return java.util.Optional.empty();
    }
  }

  @Override
  Listing run() {
    Path dir = location;
    if (dir == null) {
      Policy policy;
      if (registry == null) {
        policy = Policy.defaults(List.of()); // no registry: the location must be given
      } else {
        try (Snapshot s = Snapshot.take(registry.context())) {
          policy = s.policy();
        }
      }
      dir = BackupCommand.location(null, policy);
    }
    return list(new BackupLocation(dir), check);
  }

  static Listing list(BackupLocation location, boolean check) {
    BackupCheck checker = new BackupCheck();
    List<Entry> out = new ArrayList<>();
    for (Path b : location.backups()) {
      BackupCheck.Outcome o;
      if (check) {
        o = checker.check(b, null, BackupCheck.Depth.FULL);
      } else {
        List<String> problems = new ArrayList<>();
        o =
            new BackupCheck.Outcome(
                b, BackupCheck.readManifest(b, problems), problems, java.util.Map.of());
      }
      BackupManifest m = o.manifest();
      out.add(
          new Entry(
              b.getFileName().toString(),
              b,
              m == null ? null : m.createdAt(),
              m == null ? null : m.registry(),
              m == null ? null : m.rootCommit(),
              m == null ? List.of() : m.refs().stream().map(BackupManifest.Ref::name).toList(),
              m == null ? 0 : m.artifacts(),
              m == null ? 0 : m.files().stream().mapToLong(BackupManifest.FileEntry::size).sum(),
              check || !o.ok() ? o.ok() : null,
              List.copyOf(o.problems())));
    }
    out.sort(
        java.util.Comparator.comparing(
            (Entry e) -> e.createdAt() == null ? Instant.MIN : e.createdAt()));
    return new Listing(location.dir(), out);
  }
}
