package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where backups of the registry go and how many are kept ({@code backups:} in {@code
 * registry.yaml}). Both are optional and off by default: without a {@code path} every backup names
 * its location, and without {@code keep} no backup is ever removed. Only {@code backup} removes old
 * ones (never a restore), and only backups of the same registry at the same location.
 *
 * @param path the backup location: an absolute directory (a backup inside the registry's own
 *     directory would go with it), or null
 * @param keep how many of this registry's backups to keep at that location, at least 1; null: all
 */
@JsonPropertyOrder({"path", "keep"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupPolicy(@JsonProperty("path") String path, @JsonProperty("keep") Integer keep) {

  public BackupPolicy {
    path = path == null || path.isBlank() ? null : path;
    if (path != null) {
      if (path.chars().anyMatch(c -> c < 0x20)) {
        throw new InvalidInputException(
            "backups.path has control characters: " + Display.quote(path));
      }
      if (!Path.of(path).isAbsolute()) {
        throw new InvalidInputException(
            "backups.path "
                + Display.quote(path)
                + " is not an absolute path. Backups go to a"
                + " directory outside the registry (another disk, a mounted share): give its absolute path.");
      }
    }
    if (keep != null && keep < 1) {
      throw new InvalidInputException(
          "backups.keep is "
              + keep
              + "; it must be at least 1 (leave it out to keep every backup).");
    }
  }

  /** No location and no retention: the default. */
  public static BackupPolicy none() {
    return new BackupPolicy(null, null);
  }

  /** The backup location, if the policy names one. */
  public Optional<Path> location() {
    return path == null ? Optional.empty() : Optional.of(Path.of(path));
  }

  /** How many backups to keep, if the policy limits them. */
  public OptionalInt kept() {
    return keep == null ? OptionalInt.empty() : OptionalInt.of(keep);
  }
}
