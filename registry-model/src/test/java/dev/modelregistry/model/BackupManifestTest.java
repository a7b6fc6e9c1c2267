package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backup's manifest read from a directory anyone may have edited, and the policy's optional
 * backups block.
 */
class BackupManifestTest {
  private static final String SHA = "ab" + "c".repeat(62);
  private static final String ROOT = "1".repeat(40);

  private static String manifest(String artifactPath) {
    return "{\"format\": \"model-registry-backup\", \"format_version\": 1, \"created_at\": \"2025-01-15T02:00:00Z\","
        + " \"registry\": \"/srv/r\", \"root_commit\": \""
        + ROOT
        + "\","
        + " \"refs\": [{\"name\": \"refs/heads/main\", \"id\": \""
        + ROOT
        + "\", \"artifacts\": 1, \"bytes\": 10}],"
        + " \"artifacts\": 1, \"artifact_bytes\": 10,"
        + " \"files\": [{\"path\": \"registry.bundle\", \"sha256\": \""
        + "0".repeat(64)
        + "\", \"size\": 5},"
        + " {\"path\": \""
        + artifactPath
        + "\", \"sha256\": \""
        + SHA
        + "\", \"size\": 10}]}";
  }

  private static BackupManifest read(String json) {
    return SafeMapper.readJson(
        json.getBytes(StandardCharsets.UTF_8),
        BackupManifest.class,
        "backup-manifest.json",
        BackupManifest.MAX_BYTES);
  }

  @Test
  void aManifestRoundTrips() {
    BackupManifest m = read(manifest("artifacts/sha256/ab/" + "c".repeat(62)));
    assertEquals(Instant.parse("2025-01-15T02:00:00Z"), m.createdAt());
    assertEquals(1, m.artifactFiles().size());
    assertEquals(m, read(SafeMapper.writeJson(m)));
  }

  @Test
  void pathsOutsideTheBackupAreRefusedBeforeAnythingReadsThem() {
    for (String hostile :
        List.of(
            "../../etc/passwd",
            "/etc/passwd",
            "artifacts/sha256/ab/../../../x",
            "artifacts/sha256/ab/" + "c".repeat(61) + "/",
            "artifacts/sha256/cd/" + "c".repeat(62))) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> read(manifest(hostile)), hostile);
      assertTrue(e.getMessage().contains("backup-manifest.json"), e.getMessage());
    }
    String badRef =
        manifest("artifacts/sha256/ab/" + "c".repeat(62))
            .replace("refs/heads/main", "refs/heads/../../x");
    assertThrows(InvalidInputException.class, () -> read(badRef));
    String wrongCount =
        manifest("artifacts/sha256/ab/" + "c".repeat(62))
            .replace(
                "\"artifacts\": 1, \"artifact_bytes\"", "\"artifacts\": 2, \"artifact_bytes\"");
    assertThrows(InvalidInputException.class, () -> read(wrongCount));
  }

  @Test
  void theBackupsBlockIsOptionalAndLeftOutOfANewPolicy() {
    Policy plain = Policy.defaults(List.of());
    assertFalse(SafeMapper.writeYaml(plain).contains("backups"), SafeMapper.writeYaml(plain));
    Policy kept = plain.withBackups(new BackupPolicy("/srv/backups", 14));
    String yaml = SafeMapper.writeYaml(kept);
    assertTrue(yaml.contains("backups:") && yaml.contains("keep: 14"), yaml);
    Policy back = SafeMapper.readYaml(yaml, Policy.class, "registry.yaml");
    assertEquals(14, back.backups().kept().getAsInt());
    assertEquals("/srv/backups", back.backups().location().orElseThrow().toString());
    assertThrows(InvalidInputException.class, () -> new BackupPolicy("relative/dir", null));
    assertThrows(InvalidInputException.class, () -> new BackupPolicy(null, 0));
  }
}
