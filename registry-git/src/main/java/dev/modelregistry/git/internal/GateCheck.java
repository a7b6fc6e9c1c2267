package dev.modelregistry.git.internal;

import dev.modelregistry.git.errors.GateFailedException;
import dev.modelregistry.model.FailureMark;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.Gates;
import dev.modelregistry.model.HistoryEntry;
import dev.modelregistry.model.MetricThreshold;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.TimeSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs an environment's gates on one version: metric thresholds, minimum time in other
 * environments, not failed, artifact valid, dataset compatibility. Every gate is run, so the report
 * shows all that stands in the way, not only the first.
 */
public final class GateCheck {
  private GateCheck() {}

  /** What the gates need to know about the version and the world. */
  public record Inputs(
      ModelName model,
      ModelVersion version,
      ModelMetadata metadata,
      Optional<FailureMark> failure,
      Supplier<String> artifactProblem,
      Function<String, EnvironmentBranch> environments,
      Map<String, String> datasetsInForce,
      boolean strictDatasets,
      Instant now) {}

  /** The verdicts, and warnings that do not block (dataset drift when not strict). */
  public record Report(List<GateResult> results, List<String> warnings) {
    public boolean passed() {
      return results.stream().allMatch(GateResult::passed);
    }
  }

  public static Report run(Gates gates, Inputs in) {
    List<GateResult> results = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    results.add(
        new GateResult(
            "failure mark",
            "none",
            in.failure().map(f -> "failed: " + f.reason()).orElse("none"),
            in.failure().isEmpty()));
    for (Map.Entry<String, MetricThreshold> m : gates.metrics().entrySet()) {
      Double actual = in.metadata().metrics().get(m.getKey());
      results.add(
          new GateResult(
              "metric " + m.getKey(),
              m.getValue().toString(),
              actual == null ? "missing" : trim(actual),
              actual != null && m.getValue().isMetBy(actual)));
    }
    for (Map.Entry<String, TimeSpan> t : gates.minTimeIn().entrySet()) {
      Duration spent =
          timeIn(in.environments().apply(t.getKey()), in.model(), in.version(), in.now());
      results.add(
          new GateResult(
              "time in " + t.getKey(),
              ">= " + t.getValue(),
              human(spent),
              spent.compareTo(t.getValue().duration()) >= 0));
    }
    if (gates.datasetCompatibility()) {
      results.add(datasets(in, warnings));
    }
    String problem = in.artifactProblem().get();
    results.add(
        new GateResult(
            "artifact valid",
            "size and sha256 as registered",
            problem == null ? "intact" : problem,
            problem == null));
    return new Report(results, warnings);
  }

  private static GateResult datasets(Inputs in, List<String> warnings) {
    return datasets(in.metadata(), in.datasetsInForce(), in.strictDatasets(), warnings);
  }

  /**
   * The dataset gate alone: the versions {@code metadata} was trained on against those in force;
   * drift fails it when {@code strict}, and only adds to {@code warnings} when not. Promotion runs
   * it among the gates; the runtime loader runs it against the datasets its service reads now.
   */
  public static GateResult datasets(
      ModelMetadata metadata,
      Map<String, String> datasetsInForce,
      boolean strictDatasets,
      List<String> warnings) {
    Map<String, String> trained = metadata.datasetVersionIds();
    String mode = strictDatasets ? "strict" : "lenient";
    if (trained.isEmpty()) {
      return new GateResult(
          "datasets",
          "trained versions in force (" + mode + ")",
          "model declares no datasets",
          true);
    }
    if (datasetsInForce.isEmpty()) {
      warnings.add(
          "Dataset compatibility not checked: no dataset versions in force given (the model was trained on "
              + trained
              + ").");
      return new GateResult(
          "datasets", "trained versions in force (" + mode + ")", "not checked: none given", true);
    }
    List<String> missing = new ArrayList<>();
    List<String> drift = new ArrayList<>();
    trained.forEach(
        (name, version) -> {
          String now = datasetsInForce.get(name);
          if (now == null) {
            missing.add(name + " (trained on " + version + ", not in force)");
          } else if (!now.equals(version)) {
            drift.add(name + ": model trained on " + version + ", current is " + now);
          }
        });
    if (!drift.isEmpty() && !strictDatasets) {
      drift.forEach(d -> warnings.add("Dataset drift allowed (lenient dataset mode): " + d));
    }
    boolean ok = missing.isEmpty() && (drift.isEmpty() || !strictDatasets);
    List<String> found = new ArrayList<>(missing);
    found.addAll(drift);
    return new GateResult(
        "datasets",
        "trained versions in force (" + mode + ")",
        found.isEmpty() ? "all match" : String.join("; ", found),
        ok);
  }

  /**
   * How long {@code version} had been (or last was) the record in an environment at {@code now}:
   * changes that went live after {@code now} do not count, so a promotion's gate can be run again
   * later, as of its own time.
   */
  public static Duration timeIn(
      EnvironmentBranch env, ModelName model, ModelVersion version, Instant now) {
    Instant until = now;
    for (HistoryEntry e : env.history(model)) { // newest first
      if (e.at().isAfter(now)) {
        continue;
      }
      if (e.record() != null && e.record().version().equals(version.value())) {
        // the span runs back while the record kept naming this version
        return Duration.between(e.at(), until).isNegative()
            ? Duration.ZERO
            : Duration.between(e.at(), until);
      }
      until = e.at();
    }
    return Duration.ZERO;
  }

  public static String human(Duration d) {
    long m = d.toMinutes();
    if (m < 60) {
      return m + "m";
    }
    long h = d.toHours();
    return h < 48
        ? h + "h" + (m % 60 == 0 ? "" : " " + m % 60 + "m")
        : d.toDays() + "d " + (h % 24) + "h";
  }

  private static String trim(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** The refusal a promotion gets when gates fail: every gate, aligned, and where the gates are. */
  public static RegistryRefusedException refusal(String what, Report report) {
    long failed = report.results().stream().filter(r -> !r.passed()).count();
    StringBuilder m =
        new StringBuilder(
            what + " refused: " + failed + " of " + report.results().size() + " gates failed\n");
    m.append(table(report.results()));
    m.append(
        "Fix the model, or ask for an exception: the gates are in registry.yaml on branch main.");
    return new GateFailedException(m.toString(), report.results());
  }

  /** The gates as aligned lines: name, actual, requirement, verdict. */
  public static String table(List<GateResult> results) {
    int w1 = results.stream().mapToInt(r -> r.gate().length()).max().orElse(4);
    int w2 = results.stream().mapToInt(r -> r.actual().length()).max().orElse(4);
    StringBuilder b = new StringBuilder();
    for (GateResult r : results) {
      b.append(
          String.format(
              "  %-4s %-" + w1 + "s  %-" + w2 + "s  needs %s%n",
              r.passed() ? "ok" : "FAIL",
              r.gate(),
              r.actual(),
              r.required()));
    }
    return b.toString();
  }
}
