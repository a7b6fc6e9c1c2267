package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retention block: its defaults, older files without failed_days, and bad values refused. */
class RetentionPolicyTest {
  private static final String HEAD = "format_version: 1\nenvironments: {production: {}}\n";

  @Test
  void aRegistryYamlWrittenBeforeFailedDaysReadsWithItsDefault() {
    Policy p =
        SafeMapper.readYaml(
            HEAD + "retention: {staged_days: 10, archived_days: 20, keep_last: 2}\n",
            Policy.class,
            "registry.yaml");
    assertEquals(new RetentionPolicy(10, 20, 30, 2), p.retention());
    assertEquals(Duration.ofDays(30), p.retention().window(VersionStatus.FAILED));
    assertEquals(
        RetentionPolicy.defaults(), SafeMapper.readYaml(HEAD, Policy.class, "r").retention());
  }

  @Test
  void aNewPolicyWritesEveryWindowAndReadsBackTheSame() {
    String yaml = SafeMapper.writeYaml(Policy.defaults(java.util.List.of()));
    assertTrue(
        yaml.contains("staged_days: 30")
            && yaml.contains("archived_days: 90")
            && yaml.contains("failed_days: 30")
            && yaml.contains("keep_last: 3"),
        yaml);
    assertEquals(
        Policy.defaults(java.util.List.of()), SafeMapper.readYaml(yaml, Policy.class, "r"));
  }

  @Test
  void negativeZeroAndAbsurdWindowsAreRefusedNamingTheField() {
    for (String bad :
        new String[] {
          "{staged_days: -1}", "{failed_days: 0}", "{keep_last: 0}", "{archived_days: 99999999}"
        }) {
      RegistryException e =
          assertThrows(
              RegistryException.class,
              () -> SafeMapper.readYaml(HEAD + "retention: " + bad + "\n", Policy.class, "r"));
      String field = bad.substring(1, bad.indexOf(':'));
      assertTrue(e.getMessage().contains("retention." + field), e.getMessage());
    }
    assertThrows(
        RegistryException.class,
        () ->
            SafeMapper.readYaml(
                HEAD + "retention: {staged_days: \"30 days\"}\n", Policy.class, "r"));
  }
}
