package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.internal.MainHistory;
import dev.modelregistry.git.internal.RegistryContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command reads the local state (the judged main history, the verified commits) line by line as
 * it asks, not whole: every answer it gets so must be the one of a chain judged afresh, before and
 * after it switches to parsing everything.
 */
class RememberedHistoryTest {
  @TempDir Path dir;
  private Registry registry;
  private ObjectReader reader;
  private RegistryContext ctx;
  private ObjectId main;

  @BeforeEach
  void open() {
    registry = registryWithRemovals();
    reader = registry.context().repository().newObjectReader();
    ctx = registry.context();
    main = ctx.tip("main");
  }

  @AfterEach
  void close() {
    reader.close();
    registry.close();
  }

  /** Versions whose names are prefixes and suffixes of each other, removed and added again. */
  private Registry registryWithRemovals() {
    Path key = dir.resolve("keys/ops");
    Path origin;
    try (Registry signed = TestRegistry.createSigned(dir, key, "ops@example.com")) {
      origin = signed.directory();
      for (String v : List.of("v1.0.1", "v1.0.10", "v1.0.2")) {
        register(signed, dir, "m", v, 0.05, 1.2);
      }
      register(signed, dir, "am", "v1.0.1", 0.05, 1.2);
      signed.promote().model("m").version("v1.0.1").signingKey(key).call();
    }
    GitWorkTree work = GitWorkTree.clone(origin, dir.resolve("work"));
    work.git("rm", "-rq", "models/m/v1.0.2");
    work.git("commit", "-qm", "remove m/v1.0.2 by hand");
    work.git("revert", "--no-edit", "HEAD"); // and add it back
    work.git("rm", "-rq", "models/m/v1.0.10");
    work.git("commit", "-qm", "remove m/v1.0.10 by hand");
    work.git("push", "-q", "origin", "main");
    return Registry.open(origin.toString());
  }

  private static final List<String> KEYS =
      List.of("m/v1.0.1", "m/v1.0.10", "m/v1.0.2", "am/v1.0.1", "m/v1.0", "m/v1.0.3", "x/v1");

  @Test
  void everyAnswerFromTheRememberedLinesIsThatOfAChainJudgedAfresh() throws Exception {
    ctx.mainHistory().update(reader, main); // remembers the chain
    assertTrue(Files.size(ctx.stateDirectory().resolve(MainHistory.FILE)) > 0);

    MainHistory fresh = history(ctx, null);
    fresh.update(reader, main);
    List<MainHistory.Entry> all = fresh.entries();
    assertEquals(8, all.size(), "init, 4 registrations, 3 commits by hand");
    assertNotNull(fresh.removal("m/v1.0.10"));
    assertNull(fresh.removal("m/v1.0.2"), "added back");

    // one remembered history per question: each answers from the text alone
    for (MainHistory.Entry e : all) {
      assertEquals(e, remembered(ctx, reader, main).entry(e.commit()));
      assertEquals(e, remembered(ctx, reader, main).entryAt(e.position()));
    }
    assertNull(remembered(ctx, reader, main).entry(ObjectId.zeroId()));
    assertEquals(fresh.tip(), remembered(ctx, reader, main).tip());
    for (String key : KEYS) {
      assertEquals(fresh.registration(key), remembered(ctx, reader, main).registration(key), key);
      assertEquals(fresh.removal(key), remembered(ctx, reader, main).removal(key), key);
    }

    // one history asked everything: past the searches it parses all, with the same answers and
    // the entries it handed out before (callers compare them by identity)
    MainHistory one = remembered(ctx, reader, main);
    MainHistory.Entry tip = one.tip();
    List<Object> answers = new ArrayList<>();
    List<Object> expected = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String key : KEYS) {
        answers.add(one.registration(key));
        answers.add(one.removal(key));
        expected.add(fresh.registration(key));
        expected.add(fresh.removal(key));
      }
    }
    assertEquals(expected, answers);
    assertSame(tip, one.entry(tip.commit()));
    assertSame(tip, one.entries().get(all.size() - 1));
    assertEquals(all, one.entries());
  }

  @Test
  void commitsJudgedAfterTheRememberedOnesAreFoundWithThem() throws Exception {
    MainHistory fresh = history(ctx, null);
    fresh.update(reader, main);
    MainHistory.Entry last = fresh.tip();
    MainHistory.Entry before = fresh.entryAt(last.position() - 1);
    ctx.mainHistory().update(reader, before.commit()); // remembered up to the commit before
    MainHistory later = remembered(ctx, reader, main); // judges the last commit, appends it
    assertEquals(last, later.tip());
    assertEquals(last, later.entry(last.commit()));
    assertEquals(fresh.removal("m/v1.0.10"), later.removal("m/v1.0.10"));
    assertEquals(fresh.registration("m/v1.0.2"), later.registration("m/v1.0.2"));
    String text = Files.readString(ctx.stateDirectory().resolve(MainHistory.FILE));
    assertTrue(text.endsWith(last.commit().name() + " -\n") || text.contains(last.commit().name()));
    assertEquals(fresh.entries(), remembered(ctx, reader, main).entries());
  }

  /**
   * After a crash (a torn last line) or a garbled byte, what follows is judged again and the file
   * written whole: lines appended after a garbled one would never be read, and every command would
   * judge them again.
   */
  @Test
  void aGarbledOrTornFileIsWrittenWholeAgain() throws Exception {
    ctx.mainHistory().update(reader, main);
    Path file = ctx.stateDirectory().resolve(MainHistory.FILE);
    String judged = Files.readString(file);
    String[] lines = judged.split("\n");

    lines[3] = lines[3].replace(" T ", " X ");
    Files.writeString(file, String.join("\n", lines) + "\n");
    MainHistory garbled = remembered(ctx, reader, main);
    assertEquals(lines.length - 1, garbled.tip().position());
    assertEquals(judged, Files.readString(file), "judged again from line 3 and written whole");

    MainHistory fresh = history(ctx, null);
    fresh.update(reader, main);
    MainHistory.Entry before = fresh.entryAt(fresh.tip().position() - 1);
    Files.delete(file);
    history(ctx, ctx.stateDirectory()).update(reader, before.commit());
    Files.writeString(
        file,
        Files.readString(file) + "9 " + main.name().substring(0, 12), // torn
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    remembered(ctx, reader, main); // judges the last commit
    assertEquals(judged, Files.readString(file), "the torn line gone, the last commit in");
  }

  private static MainHistory history(RegistryContext ctx, Path state) {
    return new MainHistory(ctx.repository(), state, ctx::policyOfBlob, ctx.signatures());
  }

  private static MainHistory remembered(RegistryContext ctx, ObjectReader reader, ObjectId main) {
    MainHistory h = history(ctx, ctx.stateDirectory());
    h.update(reader, main);
    return h;
  }
}
