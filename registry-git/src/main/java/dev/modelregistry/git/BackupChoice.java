package dev.modelregistry.git;

import dev.modelregistry.git.internal.BackupLocation;
import dev.modelregistry.model.BackupManifest;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which backup a restore takes: what {@code from} names ({@code latest}, a date {@code YYYY-MM-DD}
 * in UTC, or the path of a backup or of a backup location), looked up in the location given, else
 * in the one the registry's policy names. A wrong choice is refused naming {@link Input#FROM} (or
 * {@link Input#OUTPUT} when no location is known), before anything is read in full.
 */
final class BackupChoice {
  private final String from;
  private final Path location;
  private final Supplier<Policy> policy;

  /**
   * @param from as {@link RestoreCommand#from} took it
   * @param location the location given, or null
   * @param policy the registry's policy, asked only when no location is given (it may throw: the
   *     registry may be gone)
   */
  BackupChoice(String from, Path location, Supplier<Policy> policy) {
    this.from = from;
    this.location = location;
    this.policy = policy;
  }

  /** True when {@code from} is {@code latest}. */
  boolean latest() {
    return RestoreCommand.LATEST.equals(from);
  }

  String from() {
    return from;
  }

  /** The one backup {@code from} names, for a restore of the whole registry. */
  Path backup() {
    if (isPath(from)) {
      Path p = Path.of(from).toAbsolutePath().normalize();
      if (Files.exists(p.resolve(BackupManifest.FILE), LinkOption.NOFOLLOW_LINKS)) {
        return p;
      }
      if (!Files.isDirectory(p)) {
        throw new InvalidInputException(
            Input.FROM,
            "There is no backup at "
                + p
                + ": nothing is there. Name latest, a date"
                + " (YYYY-MM-DD), or the path of a backup or of a backup location.");
      }
      return newest(new BackupLocation(p), null);
    }
    BackupLocation at = new BackupLocation(location != null ? location : locationFromRegistry());
    return newest(at, latest() ? null : date(from));
  }

  /**
   * The backups to look in for one artifact, oldest first: of the location, the date or the path
   * that {@code from} names.
   */
  List<Path> candidates(Policy registryPolicy) {
    if (isPath(from)) {
      Path p = Path.of(from).toAbsolutePath().normalize();
      if (Files.isRegularFile(p.resolve(BackupManifest.FILE), LinkOption.NOFOLLOW_LINKS)) {
        return List.of(p);
      }
      return new BackupLocation(p).backups();
    }
    BackupLocation at = new BackupLocation(BackupCommand.location(location, registryPolicy));
    if (latest()) {
      return at.backups();
    }
    LocalDate day = date(from);
    return BackupsCommand.list(at, false).backups().stream()
        .filter(e -> takenOn(e, day))
        .map(BackupsCommand.Entry::path)
        .toList();
  }

  /** Where {@link #candidates} looked, for a message. */
  String searched(Policy registryPolicy) {
    try {
      return BackupCommand.location(location, registryPolicy).toString();
    } catch (RegistryException e) {
      return "the location";
    }
  }

  /**
   * The policy's backup location, from the registry if it can still be opened; refuses naming the
   * input otherwise.
   */
  private Path locationFromRegistry() {
    MissingInputException none =
        new MissingInputException(
            Input.OUTPUT,
            "No backup location given: name the directory that holds the backups (the"
                + " registry's policy names none, or the registry cannot be read), or the backup"
                + " itself.");
    try {
      return policy.get().backups().location().orElseThrow(() -> none);
    } catch (MissingInputException e) {
      throw e;
    } catch (RegistryException e) {
      throw none;
    }
  }

  private static Path newest(BackupLocation at, LocalDate day) {
    List<BackupsCommand.Entry> all = BackupsCommand.list(at, false).backups();
    List<BackupsCommand.Entry> fit =
        day == null ? all : all.stream().filter(e -> takenOn(e, day)).toList();
    if (fit.isEmpty()) {
      String dates =
          all.stream()
              .filter(e -> e.createdAt() != null)
              .map(e -> LocalDate.ofInstant(e.createdAt(), ZoneOffset.UTC).toString())
              .distinct()
              .reduce((a, b) -> a + ", " + b)
              .orElse("none");
      throw new InvalidInputException(
          Input.FROM,
          "There is no backup "
              + (day == null ? "" : "of " + day + " ")
              + "at "
              + at.dir()
              + (all.isEmpty() ? "." : "; dates there: " + dates + ".")
              + " Nothing was changed.");
    }
    return fit.get(fit.size() - 1).path();
  }

  private static boolean takenOn(BackupsCommand.Entry e, LocalDate day) {
    return e.createdAt() != null && LocalDate.ofInstant(e.createdAt(), ZoneOffset.UTC).equals(day);
  }

  private static boolean isPath(String from) {
    return !RestoreCommand.LATEST.equals(from) && !from.matches("\\d{4}-\\d{2}-\\d{2}");
  }

  private static LocalDate date(String from) {
    try {
      return LocalDate.parse(from);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          Input.FROM,
          Display.quote(from)
              + " is not a date: give one as YYYY-MM-DD (UTC), latest,"
              + " or the path of a backup.");
    }
  }
}
