package dev.modelregistry.git.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The warm-up's rehearsal of opening a key and signing: it signs verifiably and writes nothing. */
class SshKeysRehearsalTest {
  @Test
  void rehearsalSignsWithTheKeyItReadsBackAndLeavesNoFile() throws Exception {
    Path home = Path.of(System.getProperty("user.home"));
    List<Path> homeBefore = listing(home);

    assertTrue(SshKeys.rehearse());
    assertTrue(SshKeys.rehearse(), "a second rehearsal makes a new key and checks it again");

    assertEquals(homeBefore, listing(home), "no key file, no known_hosts, nothing in the home");
  }

  private static List<Path> listing(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
