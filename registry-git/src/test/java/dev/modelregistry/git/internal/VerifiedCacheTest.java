package dev.modelregistry.git.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verified commits as remembered: a command searches the file for the few it asks about, and
 * parses it whole after enough searches; both must give the answers of the last whole line.
 */
class VerifiedCacheTest {
  @TempDir Path dir;

  @Test
  void aVerifiedCommitIsFoundByItsLastWholeLine() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    String a = "a".repeat(40);
    String b = "b".repeat(40);
    Files.writeString(
        state.resolve("verified"),
        a
            + " trust1 ops@example.com - 1700000000 -\n"
            + b
            + " trust1 ops@example.com "
            + a
            + " 1700000060 approve\n"
            + a
            + " trust2 other@example.com - 1700000000 -\n" // remembered again, under new signers
            + b
            + " trust2 ops@exa"); // torn
    VerifiedCache cache = new VerifiedCache(state);
    assertEquals("trust2", cache.get(a).trustId());
    assertEquals("other@example.com", cache.get(a).principal());
    assertEquals("trust1", cache.get(b).trustId(), "the torn line is not read");
    assertTrue(cache.get(b).approval());
    assertEquals(a, cache.get(b).parent());
    assertNull(cache.get("c".repeat(40)));
    assertNull(cache.get(a.substring(1) + "b"), "a commit is found at a line's start only");

    // the same answers past the searches, when it parses the whole file, and after writing
    VerifiedCache all = new VerifiedCache(state);
    for (int i = 0; i < 20; i++) {
      all.get(String.format("%040x", i));
    }
    assertEquals("trust2", all.get(a).trustId());
    assertEquals("trust1", all.get(b).trustId());
    assertEquals(2, all.size());
    all.addAll(
        List.of(
            java.util.Map.entry(
                b, new VerifiedCache.Entry("trust3", "ops@example.com", a, 1, false))));
    assertEquals("trust3", all.get(b).trustId());
    VerifiedCache reread = new VerifiedCache(state);
    assertEquals("trust3", reread.get(b).trustId(), "the torn line does not swallow the new one");
  }
}
