package dev.modelregistry.git.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When {@code verify} last ran on this machine, what it said and the refs it saw, for {@code
 * status}. A note in this user's state directory, not a record in the registry: verify writes
 * nothing to the registry (it runs in CI, read-only), so this is the one place its time can be
 * known. The refs tell {@code status} whether the registry changed since.
 */
public final class LastVerify {
  private static final String CLEAN = "clean";
  private static final String FINDINGS = "findings";

  /**
   * What the note says.
   *
   * @param refs the refs verify saw, name to id; empty if the note predates recording them
   */
  public record Note(
      Instant at, boolean clean, String summary, Optional<Map<String, String>> refs) {}

  private LastVerify() {}

  private static Path file(RegistryContext registry) {
    return registry.stateDirectory().resolve("last-verify");
  }

  /** Notes a verify that ended now with {@code summary}, having seen the registry's refs now. */
  public static void record(RegistryContext registry, boolean clean, String summary) {
    try {
      StringBuilder b = new StringBuilder();
      b.append(registry.clock().instant()).append('\n');
      b.append(clean ? CLEAN : FINDINGS).append('\n');
      b.append(summary.replace('\n', ' ')).append('\n');
      RefChanges.now(registry.repository())
          .forEach((name, id) -> b.append(id).append(' ').append(name).append('\n'));
      Files.createDirectories(registry.stateDirectory());
      dev.modelregistry.model.AtomicFile.writeString(file(registry), b.toString());
    } catch (IOException | RuntimeException e) {
      // status only reports it: a verify that could not note its time has still verified
    }
  }

  /** The note, if verify ran here and the note reads. */
  public static Optional<Note> read(RegistryContext registry) {
    try {
      Path f = file(registry);
      return Files.exists(f) ? parse(Files.readString(f)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Note> parse(String text) {
    String[] lines = text.split("\n");
    try {
      if (lines.length >= 3 && (lines[1].equals(CLEAN) || lines[1].equals(FINDINGS))) {
        Map<String, String> refs = new TreeMap<>();
        for (int i = 3; i < lines.length; i++) {
          String[] idAndName = lines[i].split(" ", 2);
          if (idAndName.length == 2 && RefChanges.isRef(idAndName[1])) {
            refs.put(idAndName[1], idAndName[0]);
          }
        }
        return Optional.of(
            new Note(Instant.parse(lines[0]), lines[1].equals(CLEAN), lines[2], Optional.of(refs)));
      }
      // the note of older versions: "<instant> <summary>" on one line, no refs
      String[] atAndSummary = lines[0].split(" ", 2);
      String summary = atAndSummary.length == 2 ? atAndSummary[1] : "";
      return Optional.of(
          new Note(
              Instant.parse(atAndSummary[0]),
              summary.startsWith("Registry verified"),
              summary,
              Optional.empty()));
    } catch (DateTimeException e) {
      return Optional.empty(); // not a note this code wrote: as if verify never ran
    }
  }
}
