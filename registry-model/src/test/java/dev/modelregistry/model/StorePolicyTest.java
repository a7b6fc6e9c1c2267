package dev.modelregistry.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The store section of registry.yaml: what it takes, and what it refuses before anything lands. */
class StorePolicyTest {

  @Test
  void anHttpStoreIsReadBackAsWritten() {
    StorePolicy http = StorePolicy.http("https://nexus.example.com/repository/models", "models");
    assertEquals("https://nexus.example.com/repository/models/", http.url());
    String yaml = SafeMapper.writeYaml(http);
    StorePolicy back = SafeMapper.readYaml(yaml, StorePolicy.class, "store");
    assertEquals(http, back);
    assertFalse(yaml.contains("group"), yaml); // empty keys are not written
  }

  @Test
  void credentialsInTheUrlAreRefusedBecauseRegistryYamlIsCommitted() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> StorePolicy.http("https://ci:s3cret@nexus.example.com/models/", null));
    assertTrue(e.getMessage().contains("Credentials never go into registry.yaml"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void otherSchemesQueriesAndMissingUrlsAreRefused() {
    assertThrows(InvalidInputException.class, () -> StorePolicy.http("ftp://host/x/", null));
    assertThrows(InvalidInputException.class, () -> StorePolicy.http("file:/srv/models/", null));
    assertThrows(InvalidInputException.class, () -> StorePolicy.http("https://h/x?token=1", null));
    assertThrows(InvalidInputException.class, () -> new StorePolicy("http", null));
    assertThrows(
        InvalidInputException.class,
        () -> new StorePolicy("local", null, "https://h/", null, null, null));
    InvalidInputException unknown =
        assertThrows(InvalidInputException.class, () -> new StorePolicy("s3", null));
    assertTrue(unknown.getMessage().contains("'local'"), unknown.getMessage());
  }

  @Test
  void aMavenStoreTakesAFileRepositoryAGroupAndOlderRepositories() {
    StorePolicy m =
        new StorePolicy(
            "maven",
            null,
            "file:/srv/maven/",
            "nexus",
            "com.example.models",
            List.of("https://old.example.com/repo"));
    assertEquals(List.of("https://old.example.com/repo"), m.alsoRead());
    assertThrows(
        InvalidInputException.class,
        () -> StorePolicy.maven("https://h/repo/", null, "com example"));
    assertThrows(
        InvalidInputException.class,
        () -> new StorePolicy("http", null, "https://h/", null, "com.example", null));
  }

  @Test
  void theEmbeddedDefaultIsUnchanged() {
    StorePolicy back =
        SafeMapper.readYaml("type: local\npath: artifacts\n", StorePolicy.class, "s");
    assertEquals(StorePolicy.embedded(), back);
  }
}
