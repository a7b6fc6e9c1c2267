package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RecordYaml} against Jackson on the same documents: a policy with every field, a production
 * record, an artifact pointer, and for each a series of changed copies (fields left out, nulls,
 * quoted numbers, wrong shapes, unknown and duplicate keys, values the records refuse). Both must
 * read the same value, or both refuse; where Jackson binds a value it has rounded or guessed,
 * {@link RecordYaml} refuses, and the test says which cases those are.
 */
class RecordYamlTest {
  static final String POLICY =
      """
      format_version: 1
      versions:
        calendar: false
      environments:
        production:
          required_approvals: 1
          gates:
            metrics: {ic: "> 0.02", sharpe: "> 0.5"}
            min_time_in: {paper: 24h}
            dataset_compatibility: true
          rollback_triggers:
            sharpe_below: {value: 1.0, for: 24h}
            max_drawdown: 0.25
            consecutive_losses: 10
            on_load_failure: true
        paper: {}
      signers:
      - "ops@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOpsOpsOpsOps"
      - "svc@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAISvcSvcSvcSvc"
      roles: {svc@example.com: [rollback]}
      policy_changes: {required_approvals: 1}
      registrations: {signed: true}
      retention:
        staged_days: 30
        archived_days: 90
        failed_days: 30
        keep_last: 3
      store:
        type: "local"
        path: "artifacts"
      backups: {path: /var/backups/registry, keep: 3}
      """;

  static final String RECORD =
      """
      model: "bench_model"
      version: "v1.2.498"
      sha256: "528afac1cd43ce8d2e40fed9c54b98e42cae38eb51c098e883a98563d7ca4814"
      promoted_at: "2025-01-02T17:38:00Z"
      promoted_by: "ops@example.com"
      reason: "generated"
      gates:
      - gate: "metric ic"
        required: "> 0.02"
        actual: "0.05"
        passed: true
      - gate: "datasets"
        required: "trained versions in force (strict)"
        actual: "model declares no datasets"
        passed: false
      datasets_in_force: {prices: "v3"}
      dataset_mode: "strict"
      """;

  static final String POINTER =
      """
      uri: "local:sha256/52/8afac1cd43ce8d2e40fed9c54b98e42cae38eb51c098e883a98563d7ca4814"
      sha256: "528afac1cd43ce8d2e40fed9c54b98e42cae38eb51c098e883a98563d7ca4814"
      size: 2048
      media_type: "application/octet-stream"
      file_name: "model.bin"
      """;

  /**
   * Cases where Jackson binds what {@link RecordYaml} refuses: a lossy or guessed coercion. Each is
   * checked to be refused by {@link RecordYaml} and bound by Jackson.
   */
  static final Set<String> STRICTER =
      Set.of(
          "policy: a fractional count",
          "policy: a flag as a number",
          "policy: a whole number written as a decimal",
          "pointer: a fractional size",
          "record: a flag as a number");

  record Case(String name, Class<?> type, String yaml) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    List<Case> c = new ArrayList<>();
    policy(c, "as written", POLICY);
    policy(c, "the least there is", "format_version: 1\nenvironments: {production: {}}\n");
    policy(c, "defaults spelled out as nulls", minimal("versions: null\nsigners: ~\nstore:\n"));
    policy(c, "a quoted whole number", POLICY.replace("keep_last: 3", "keep_last: \"3\""));
    policy(c, "a fractional count", POLICY.replace("keep_last: 3", "keep_last: 2.5"));
    policy(
        c, "a whole number written as a decimal", POLICY.replace("keep_last: 3", "keep_last: 3.0"));
    policy(c, "a count out of range", POLICY.replace("keep_last: 3", "keep_last: 99999999999"));
    policy(c, "a count as text", POLICY.replace("keep_last: 3", "keep_last: three"));
    policy(
        c,
        "a trigger count quoted",
        POLICY.replace("consecutive_losses: 10", "consecutive_losses: \"10\""));
    policy(
        c,
        "a trigger count fractional",
        POLICY.replace("consecutive_losses: 10", "consecutive_losses: 2.5"));
    policy(
        c,
        "a flag quoted",
        POLICY.replace("dataset_compatibility: true", "dataset_compatibility: \"true\""));
    policy(
        c,
        "a flag as yes",
        POLICY.replace("dataset_compatibility: true", "dataset_compatibility: yes"));
    policy(c, "a flag as a number", POLICY.replace("signed: true", "signed: 1"));
    policy(c, "a flag in capitals", POLICY.replace("signed: true", "signed: TRUE"));
    policy(c, "a decimal quoted", POLICY.replace("max_drawdown: 0.25", "max_drawdown: \"0.25\""));
    policy(c, "a decimal as a whole number", POLICY.replace("value: 1.0", "value: 1"));
    policy(
        c,
        "a decimal the trigger refuses",
        POLICY.replace("max_drawdown: 0.25", "max_drawdown: 25"));
    policy(c, "a decimal as text", POLICY.replace("max_drawdown: 0.25", "max_drawdown: lots"));
    policy(c, "a threshold not of its form", POLICY.replace("\"> 0.02\"", "\"more than 0.02\""));
    policy(c, "a threshold as a number", POLICY.replace("\"> 0.02\"", "0.02"));
    policy(c, "a time span the records refuse", POLICY.replace("paper: 24h", "paper: soon"));
    policy(c, "an unknown field", POLICY.replace("max_drawdown:", "max_drawdawn:"));
    policy(c, "an unknown top-level field", POLICY + "extra: 1\n");
    policy(
        c,
        "a duplicate field",
        POLICY.replace("  keep_last: 3\n", "  keep_last: 3\n  keep_last: 4\n"));
    policy(c, "a duplicate map key", POLICY.replace("paper: {}", "paper: {}\n  paper: {}"));
    policy(
        c,
        "a list where a mapping belongs",
        POLICY.replace("versions:\n  calendar: false", "versions: [a]"));
    policy(
        c,
        "a mapping where a list belongs",
        POLICY.replace("roles: {svc@example.com: [rollback]}", "roles: {svc@example.com: {a: b}}"));
    policy(c, "text where a mapping belongs", minimal("retention: often\n"));
    policy(c, "a mapping where text belongs", POLICY.replace("type: \"local\"", "type: {a: b}"));
    policy(c, "the wrong format version", POLICY.replace("format_version: 1", "format_version: 2"));
    policy(c, "no production", "format_version: 1\nenvironments: {paper: {}}\n");
    policy(c, "a signer with a line break", minimal("signers: [\"a\\nb\"]\n"));
    policy(c, "a number as a signer", minimal("signers: [12]\n"));
    policy(
        c,
        "a bad environment name",
        minimal("").replace("{production: {}}", "{production: {}, \"Bad Name\": {}}"));
    policy(c, "a role of a stranger", minimal("roles: {x@example.com: [rollback]}\n"));
    policy(c, "an empty count", POLICY.replace("keep_last: 3", "keep_last:"));
    policy(c, "an empty flag", POLICY.replace("signed: true", "signed: "));
    policy(c, "an empty decimal", POLICY.replace("max_drawdown: 0.25", "max_drawdown:"));
    policy(c, "an empty threshold", POLICY.replace("ic: \"> 0.02\", ", "ic: , "));
    policy(c, "a flag as off", POLICY.replace("signed: true", "signed: off"));
    policy(c, "a primitive given null", POLICY.replace("calendar: false", "calendar: null"));
    policy(c, "a list of nulls", minimal("signers: [~]\n"));
    policy(c, "a key that is a list", minimal("? [a]\n: 1\n"));
    policy(c, "an anchor and an alias", minimal("signers: &s [\"a b c\"]\nx: *s\n"));
    policy(c, "an explicit tag", minimal("signers: !!python/object:os.system [ls]\n"));
    policy(c, "a second document", minimal("---\nformat_version: 1\n"));
    policy(
        c, "nesting past the limit", minimal("signers: " + "[".repeat(60) + "]".repeat(60) + "\n"));
    policy(c, "not a mapping at all", "- a\n- b\n");
    policy(c, "a bare scalar", "just text\n");
    policy(c, "null", "~\n");

    record(c, "as written", RECORD);
    record(
        c, "unquoted instant", RECORD.replace("\"2025-01-02T17:38:00Z\"", "2025-01-02T17:38:00Z"));
    record(c, "an instant with an offset", RECORD.replace("17:38:00Z", "18:38:00+01:00"));
    record(c, "an instant as a number", RECORD.replace("\"2025-01-02T17:38:00Z\"", "1735839480"));
    record(c, "an instant as a date", RECORD.replace("\"2025-01-02T17:38:00Z\"", "2025-01-02"));
    record(c, "an instant as a flag", RECORD.replace("\"2025-01-02T17:38:00Z\"", "true"));
    record(c, "a checksum in capitals", RECORD.replace("528afac1cd43", "528AFAC1CD43"));
    record(c, "a short checksum", RECORD.replace("528afac1cd43ce8d", "528a"));
    record(
        c,
        "a checksum as a list",
        RECORD.replace(
            "sha256: \"528afac1cd43ce8d2e40fed9c54b98e42cae38eb51c098e883a98563d7ca4814\"",
            "sha256: [a]"));
    record(c, "no model", RECORD.replace("model: \"bench_model\"\n", ""));
    record(c, "model null", RECORD.replace("model: \"bench_model\"", "model: null"));
    record(
        c,
        "a gate without its name",
        RECORD.replace("- gate: \"metric ic\"\n  required", "- required"));
    record(c, "a gate passed left out", RECORD.replace("  passed: false\n", ""));
    record(c, "a gate passed null", RECORD.replace("passed: false", "passed: null"));
    record(c, "a flag as a number", RECORD.replace("passed: false", "passed: 0"));
    record(
        c, "a version that is a number", RECORD.replace("version: \"v1.2.498\"", "version: 1.10"));
    record(c, "a reason that is a flag", RECORD.replace("reason: \"generated\"", "reason: yes"));
    record(c, "no gates", RECORD.substring(0, RECORD.indexOf("gates:")));
    record(c, "an empty reason", RECORD.replace("reason: \"generated\"", "reason:"));
    record(
        c,
        "an empty instant",
        RECORD.replace("promoted_at: \"2025-01-02T17:38:00Z\"", "promoted_at:"));
    record(c, "an empty list", RECORD.substring(0, RECORD.indexOf("gates:")) + "gates:\n");
    record(c, "an unknown field", RECORD + "approved_by: someone\n");
    record(c, "a dataset map that is a list", RECORD.replace("{prices: \"v3\"}", "[prices]"));

    pointer(c, "as written", POINTER);
    pointer(c, "no media type", POINTER.replace("media_type: \"application/octet-stream\"\n", ""));
    pointer(c, "no size", POINTER.replace("size: 2048\n", ""));
    pointer(c, "size null", POINTER.replace("size: 2048", "size: null"));
    pointer(c, "size quoted", POINTER.replace("size: 2048", "size: \"2048\""));
    pointer(c, "a fractional size", POINTER.replace("size: 2048", "size: 2048.5"));
    pointer(c, "a size beyond a long", POINTER.replace("size: 2048", "size: 99999999999999999999"));
    pointer(c, "a negative size", POINTER.replace("size: 2048", "size: -1"));
    pointer(c, "an empty size", POINTER.replace("size: 2048", "size:"));
    pointer(
        c,
        "an empty checksum",
        POINTER.replace(
            "sha256: \"528afac1cd43ce8d2e40fed9c54b98e42cae38eb51c098e883a98563d7ca4814\"",
            "sha256:"));
    pointer(c, "no file name", POINTER.replace("file_name: \"model.bin\"\n", ""));
    pointer(c, "a duplicate uri", POINTER + "uri: \"local:x\"\n");
    return c.stream();
  }

  private static String minimal(String more) {
    return "format_version: 1\nenvironments: {production: {}}\n" + more;
  }

  private static void policy(List<Case> c, String name, String yaml) {
    c.add(new Case("policy: " + name, Policy.class, yaml));
  }

  private static void record(List<Case> c, String name, String yaml) {
    c.add(new Case("record: " + name, EnvironmentRecord.class, yaml));
  }

  private static void pointer(List<Case> c, String name, String yaml) {
    c.add(new Case("pointer: " + name, ArtifactPointer.class, yaml));
  }

  /** A value read, or the message of a refusal. */
  record Outcome(Object value, String refusal) {}

  private static Outcome outcome(java.util.function.Supplier<?> read) {
    try {
      Object v = read.get();
      assertNotNull(v);
      return new Outcome(v, null);
    } catch (InvalidInputException e) {
      return new Outcome(null, e.getMessage());
    } catch (RuntimeException e) {
      fail("neither a value nor a refusal but " + e, e);
      return null;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsWhatJacksonReadsAndRefusesWhatItRefuses(Case c) {
    assertTrue(RecordYaml.reads(c.type()));
    byte[] bytes = c.yaml().getBytes(StandardCharsets.UTF_8);
    Outcome lean = outcome(() -> SafeMapper.read(bytes, c.type(), "f.yaml", false));
    Outcome jackson = outcome(() -> SafeMapper.readWithJackson(c.yaml(), c.type(), "f.yaml"));
    if (STRICTER.contains(c.name())) {
      assertNotNull(lean.refusal(), c + ": read as " + lean.value());
      assertNotNull(jackson.value(), c + ": Jackson refused too: " + jackson.refusal());
    } else if (jackson.value() != null) {
      assertEquals(jackson.value(), lean.value(), c + ": " + lean.refusal());
    } else {
      assertNotNull(
          lean.refusal(), c + ": read as " + lean.value() + "; Jackson: " + jackson.refusal());
    }
    if (lean.refusal() != null) {
      assertTrue(lean.refusal().startsWith("f.yaml"), lean.refusal());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aRefusalSaysWhereAndWhatToDo(Case c) {
    Outcome lean = outcome(() -> SafeMapper.readYaml(c.yaml(), c.type(), "registry.yaml"));
    if (lean.refusal() == null || lean.refusal().contains("holds no mapping")) {
      return;
    }
    // the file first; a refusal of ours at a line ends with the fix (the scan for anchors, tags
    // and documents, and the records' own checks, word theirs and say what to write)
    String m = lean.refusal();
    assertTrue(m.matches("(?s)registry\\.yaml[: ].+"), m);
    if (m.matches("(?s)registry\\.yaml line \\d+: .+")) {
      assertTrue(m.endsWith(". Fix the file and try again."), m);
    }
  }

  @org.junit.jupiter.api.Test
  void refusalsNameTheFieldAndTheLine() {
    String unknown =
        assertInstanceOf(
                InvalidInputException.class,
                catching(
                    () ->
                        SafeMapper.readYaml(
                            POLICY.replace("max_drawdown:", "max_drawdawn:"),
                            Policy.class,
                            "registry.yaml")))
            .getMessage();
    assertEquals(
        "registry.yaml line 13: unknown field 'max_drawdawn'; the fields are consecutive_losses,"
            + " max_drawdown, on_load_failure, sharpe_below. Fix the file and try again.",
        unknown);
    String fractional =
        catching(
                () ->
                    SafeMapper.readYaml(
                        POLICY.replace("keep_last: 3", "keep_last: 2.5"),
                        Policy.class,
                        "registry.yaml"))
            .getMessage();
    assertEquals(
        "registry.yaml line 27: keep_last must be a whole number such as 10, not '2.5'. Fix the file and"
            + " try again.",
        fractional);
  }

  private static RuntimeException catching(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    return fail("no refusal");
  }
}
