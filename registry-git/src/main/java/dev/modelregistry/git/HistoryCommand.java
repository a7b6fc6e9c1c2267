package dev.modelregistry.git;

import dev.modelregistry.git.internal.EnvironmentBranch;
import dev.modelregistry.git.internal.Removals;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.model.Collected;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A model's promotions and rollbacks in an environment, newest first: version, when, who (the
 * signer's principal), why, gates. With {@link #at}, also the change in force at that instant:
 * "which model was live on 15 January at 10:00?". Every commit read is verified first.
 */
public final class HistoryCommand extends RegistryCommand<HistoryCommand.History> {
  private String model;
  private String environment = Policy.PRODUCTION;
  private Instant at;

  HistoryCommand(Registry registry) {
    super(registry);
  }

  public HistoryCommand model(String model) {
    this.model = model;
    return this;
  }

  public HistoryCommand environment(String environment) {
    if (environment != null) {
      this.environment = environment;
    }
    return this;
  }

  /** The instant to answer for. */
  public HistoryCommand at(Instant at) {
    this.at = at;
    return this;
  }

  /**
   * The answer.
   *
   * @param entries every change, newest first
   * @param inForce with {@code at}: the change in force then (empty: the model was not in the
   *     environment at that instant)
   * @param collected the versions in these entries that gc has collected since, by version: when
   *     and by whom (their records stay in the history; their catalogue entries do not)
   */
  public record History(
      ModelName model,
      String environment,
      List<HistoryEntry> entries,
      Instant at,
      Optional<HistoryEntry> inForce,
      Map<String, Collected> collected) {}

  /**
   * Only the change in force at {@link #at}: reads the commits after the instant without parsing
   * their records, so the answer costs what is newer than the instant, not the whole history.
   */
  public Optional<HistoryEntry> inForce() {
    ModelName m = Registry.requireModel(model);
    if (at == null) {
      throw Registry.required(Input.AT, "to answer what was in force then");
    }
    try (Snapshot s = Snapshot.take(registry.context())) {
      return s.environment(environment).at(m, at);
    }
  }

  /** The versions named in {@code entries} that main's catalogue no longer holds. */
  private static Map<String, Collected> collected(
      Snapshot s, ModelName m, List<HistoryEntry> entries) {
    Map<String, Collected> out = new TreeMap<>();
    for (HistoryEntry e : entries) {
      if (e.record() != null
          && !out.containsKey(e.record().version())
          && !s.catalog.hasVersion(m, e.record().modelVersion())) {
        Removals.of(s, m, e.record().modelVersion())
            .ifPresent(c -> out.put(e.record().version(), c));
      }
    }
    return out;
  }

  @Override
  History run() {
    ModelName m = Registry.requireModel(model);
    if (Files.exists(registry.directory().resolve("shallow"))) {
      throw new RegistryRefusedException(
          "This registry is a shallow clone: its history is incomplete, so history"
              + " cannot be answered. Run: git -C "
              + registry.directory()
              + " fetch --unshallow");
    }
    try (Snapshot s = Snapshot.take(registry.context())) {
      EnvironmentBranch branch = s.environment(environment);
      List<HistoryEntry> entries = branch.history(m);
      Optional<HistoryEntry> inForce = Optional.empty();
      if (at != null) {
        inForce = entries.stream().filter(e -> !e.at().isAfter(at)).findFirst();
      }
      return new History(m, environment, entries, at, inForce, collected(s, m, entries));
    }
  }
}
