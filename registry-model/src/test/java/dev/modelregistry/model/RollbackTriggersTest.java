package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code rollback_triggers:} of an environment: read, written, optional, and refused with a message
 * that names the field when it is wrong.
 */
class RollbackTriggersTest {
  private static final String HEAD = "format_version: 1\nenvironments:\n  production:\n";

  private static RollbackTriggers read(String block) {
    return SafeMapper.readYaml(
            HEAD + "    rollback_triggers: " + block + "\n", Policy.class, "registry.yaml")
        .environment("production")
        .rollbackTriggers();
  }

  private static String refusal(String block) {
    return assertThrows(InvalidInputException.class, () -> read(block)).getMessage();
  }

  @Test
  void theSeedsTriggersReadAsWritten() {
    RollbackTriggers t =
        read(
            "{sharpe_below: {value: 1.0, for: 24h}, max_drawdown: 0.25, consecutive_losses: 10,"
                + " on_load_failure: true}");
    assertEquals(1.0, t.sharpeBelow().value());
    assertEquals(Duration.ofHours(24), t.sharpeBelow().window().duration());
    assertEquals(0.25, t.maxDrawdown());
    assertEquals(10, t.consecutiveLosses());
    assertTrue(t.onLoadFailure());
    for (RollbackTrigger each : RollbackTrigger.values()) {
      assertTrue(t.arms(each), each.key());
    }
  }

  @Test
  void everyTriggerIsOptionalAndAnEmptyBlockArmsNothing() {
    RollbackTriggers t = read("{max_drawdown: 0.3}");
    assertTrue(t.arms(RollbackTrigger.MAX_DRAWDOWN));
    assertFalse(t.arms(RollbackTrigger.SHARPE_BELOW));
    assertFalse(t.arms(RollbackTrigger.CONSECUTIVE_LOSSES));
    assertFalse(t.arms(RollbackTrigger.ON_LOAD_FAILURE));
    assertTrue(read("{}").isNone());
    assertTrue(read("{on_load_failure: false}").isNone());
  }

  @Test
  void aRegistryYamlWrittenBeforeTriggersReadsWithoutAutomaticRollback() {
    Policy p = SafeMapper.readYaml(HEAD + "    required_approvals: 1\n", Policy.class, "r");
    assertEquals(RollbackTriggers.none(), p.environment("production").rollbackTriggers());
    assertEquals(1, p.environment("production").requiredApprovals());
  }

  @Test
  void aNewPolicyIsWrittenAsBeforeTriggersExisted() {
    String yaml = SafeMapper.writeYaml(Policy.defaults(List.of()));
    assertFalse(yaml.contains("rollback_triggers"), yaml);
  }

  @Test
  void aPolicyWithTriggersRoundTrips() {
    Policy d = Policy.defaults(List.of("ops@example.com ssh-ed25519 AAAA"));
    RollbackTriggers t =
        new RollbackTriggers(
            new RollbackTriggers.SharpeBelow(1.0, TimeSpan.parse("24h")), 0.25, 10, true);
    Policy p =
        new Policy(
            d.formatVersion(),
            d.versions(),
            java.util.Map.of(
                "production",
                d.environment("production").withRollbackTriggers(t),
                "paper",
                new EnvironmentPolicy(0, null)),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            d.retention(),
            d.store(),
            d.backups());
    String yaml = SafeMapper.writeYaml(p);
    assertTrue(
        yaml.contains("rollback_triggers:")
            && yaml.contains("max_drawdown: 0.25")
            && yaml.contains("consecutive_losses: 10")
            && yaml.contains("on_load_failure: true")
            && yaml.contains("for: \"24h\""),
        yaml);
    assertEquals(1, yaml.split("rollback_triggers", -1).length - 1, "only where armed: " + yaml);
    Policy back = SafeMapper.readYaml(yaml, Policy.class, "registry.yaml");
    assertEquals(p, back);
    assertEquals(t, back.environment("production").rollbackTriggers());
  }

  @Test
  void drawdownsOutsideZeroToOneAreRefusedNamingTheField() {
    for (String bad : new String[] {"-0.1", "0", "1", "1.5", "25"}) {
      String msg = refusal("{max_drawdown: " + bad + "}");
      assertTrue(
          msg.contains("rollback_triggers.max_drawdown") && msg.contains("0.25 for 25%"),
          bad + ": " + msg);
    }
    assertTrue(refusal("{max_drawdown: 25%}").contains("registry.yaml"));
    assertTrue(refusal("{max_drawdown: .nan}").contains("registry.yaml"));
  }

  @Test
  void lossCountsMustBeWholeNumbersFromOne() {
    for (String bad : new String[] {"0", "-3", "1000001"}) {
      String msg = refusal("{consecutive_losses: " + bad + "}");
      assertTrue(msg.contains("rollback_triggers.consecutive_losses"), bad + ": " + msg);
    }
    for (String bad : new String[] {"2.5", "\"10\"", "10.0", "ten"}) {
      String msg = refusal("{consecutive_losses: " + bad + "}");
      assertTrue(msg.contains("consecutive_losses must be a whole number"), bad + ": " + msg);
    }
    String huge = refusal("{consecutive_losses: 99999999999}");
    assertTrue(huge.contains("larger than any count"), huge);
  }

  @Test
  void theSharpeTriggerNeedsAFiniteValueAndAWindowLongerThanZero() {
    assertTrue(refusal("{sharpe_below: {value: 1.0}}").contains("needs 'for'"));
    assertTrue(refusal("{sharpe_below: {value: 1.0, for: 0s}}").contains("needs 'for'"));
    assertTrue(refusal("{sharpe_below: {for: 24h}}").contains("finite value"));
    assertTrue(refusal("{sharpe_below: {value: .nan, for: 24h}}").contains("registry.yaml"));
    assertTrue(refusal("{sharpe_below: {value: 1.0, for: a day}}").contains("a day"));
    assertTrue(refusal("{sharpe_below: 1.0}").contains("registry.yaml"));
    assertEquals(-0.5, read("{sharpe_below: {value: -0.5, for: PT90M}}").sharpeBelow().value());
  }

  @Test
  void unknownKeysAreRefusedNamingTheKnownOnes() {
    String msg = refusal("{sharpe: {value: 1.0, for: 24h}}");
    assertTrue(
        msg.contains("unknown field 'sharpe'")
            && msg.contains("sharpe_below")
            && msg.contains("max_drawdown")
            && msg.contains("consecutive_losses")
            && msg.contains("on_load_failure"),
        msg);
    // the stray key is named, with the fields it may be instead
    String inner = refusal("{sharpe_below: {value: 1.0, window: 24h}}");
    assertTrue(inner.contains("unknown field 'window'; the fields are for, value"), inner);
    String extra = refusal("{sharpe_below: {value: 1.0, for: 24h, window: 24h}}");
    assertTrue(extra.contains("unknown field 'window'"), extra);
    assertTrue(refusal("{on_load_failure: maybe}").contains("registry.yaml"));
    assertTrue(
        refusal("{max_drawdown: 0.2, max_drawdown: 0.3}").contains("max_drawdown"),
        "duplicate keys");
    assertTrue(refusal("{max_drawdown: &d 0.2, consecutive_losses: *d}").contains("anchor"));
  }

  @Test
  void aLoadFailureFiresOnlyWhenArmedWithTheLoadersWordsOnOneSafeLine() {
    assertTrue(RollbackTriggers.none().loadFailure("v1.2.0", "boom").isEmpty());
    RollbackTriggers on = new RollbackTriggers(null, null, null, true);
    TriggerFired f = on.loadFailure("v1.2.0", "checksum mismatch:\n  expected ab\n  got cd").get();
    assertEquals(RollbackTrigger.ON_LOAD_FAILURE, f.trigger());
    assertEquals("v1.2.0", f.version());
    assertEquals(
        "automatic: load failure of v1.2.0: checksum mismatch: expected ab got cd", f.reason());
    String hostile = on.loadFailure("v1.2.0", "bad\u001b[2J" + "x".repeat(500)).get().reason();
    assertFalse(hostile.contains("\u001b"), hostile);
    assertTrue(hostile.endsWith("...") && hostile.length() < 260, hostile);
    assertEquals(
        "automatic: load failure of v1.2.0: (no reason given)",
        on.loadFailure("v1.2.0", " ").get().reason());
    assertThrows(InvalidInputException.class, () -> on.loadFailure("1.2", "x"));
  }
}
