package dev.modelregistry.git.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The remembered main history as text: which lines are believed after a crash or two writers, and
 * the lookups that stand in for parsing every line.
 */
class HistoryLinesTest {
  private static String id(int n) {
    return String.format("%040x", n);
  }

  /** A line as MainHistory writes it. */
  private static String line(int position, int commit, String registers, String removes) {
    return position
        + " "
        + id(commit)
        + " "
        + id(9000)
        + " "
        + id(9000)
        + " T - - "
        + (position == 0 ? "ops@example.com" : "-")
        + " "
        + registers
        + " "
        + removes
        + "\n";
  }

  private static final String CHAIN =
      line(0, 100, "-", "-")
          + line(1, 101, "m/v1.0.1,am/v1.0.2", "-")
          + line(2, 102, "m/v1.0.10", "-")
          + line(3, 103, "-", "m/v1.0.1")
          + line(4, 104, "m/v1.0.1", "-")
          + line(5, 105, "-", "m/v1.0.10");

  @Test
  void findsCommitsByTheirOwnFieldOnly() {
    HistoryLines lines = HistoryLines.of(CHAIN);
    assertEquals(6, lines.size());
    for (int p = 0; p < 6; p++) {
      assertEquals(p, lines.positionOf(id(100 + p)));
      assertEquals(CHAIN.split("\n")[p], lines.line(p));
    }
    assertEquals(-1, lines.positionOf(id(9000)), "a policy blob is not a commit of the chain");
    assertEquals(-1, lines.positionOf(id(106)));
  }

  @Test
  void registrationsAndChangesAreWholeElementsOfTheirField() {
    HistoryLines lines = HistoryLines.of(CHAIN);
    assertEquals(1, lines.firstRegistration("m/v1.0.1"));
    assertEquals(1, lines.firstRegistration("am/v1.0.2"));
    assertEquals(-1, lines.firstRegistration("m/v1.0.2"), "a suffix of am/v1.0.2");
    assertEquals(2, lines.firstRegistration("m/v1.0.10"));
    assertEquals(-1, lines.firstRegistration("m/v1.0"), "a prefix of m/v1.0.1");
    assertEquals(-1, lines.firstRegistration("ops@example.com"), "the principal's field");
    assertEquals(4, lines.lastChange("m/v1.0.1"), "added again after its removal");
    assertEquals(5, lines.lastChange("m/v1.0.10"));
    assertEquals(1, lines.lastChange("am/v1.0.2"));
    assertEquals(-1, lines.lastChange("x/v1"));
  }

  @Test
  void aTornLastLineIsNotRemembered() {
    String torn = CHAIN + line(6, 106, "m/v2.0.0", "-").substring(0, 30);
    HistoryLines lines = HistoryLines.of(torn);
    assertEquals(6, lines.size());
    assertEquals(-1, lines.positionOf(id(106)));
    String cutInAField = CHAIN + line(6, 106, "m/v2.0.0", "-");
    cutInAField = cutInAField.substring(0, cutInAField.length() - 3); // "m/v2.0.0 " then "-" cut
    assertEquals(-1, HistoryLines.of(cutInAField).firstRegistration("m/v2.0.0"));
  }

  @Test
  void theFirstGarbledLineEndsWhatIsRemembered() {
    String[] l = CHAIN.split("\n", -1);
    List<String> garbles =
        List.of(
            l[3].replace(" T ", " X "), // not a state
            l[3].replace(id(103), id(103).substring(1)), // 39 digits
            l[3].replace(id(103), id(103).replace('0', 'g')), // not hex
            l[3].replace(id(9000), "?"), // not a blob
            l[3] + " extra", // eleven fields
            l[3].replace(" - - ", " -  - "), // an empty field
            "x" + l[3]); // not a position
    for (String garbled : garbles) {
      String text = l[0] + "\n" + l[1] + "\n" + l[2] + "\n" + garbled + "\n" + l[4] + "\n";
      HistoryLines lines = HistoryLines.of(text);
      assertEquals(3, lines.size(), garbled);
      assertEquals(-1, lines.positionOf(id(104)), "after the garbled line: " + garbled);
      assertEquals(1, lines.lastChange("m/v1.0.1"), "its removal and re-adding are not believed");
    }
  }

  @Test
  void twoWritersThatAppendedTheSameLinesAgreeAndOnesThatDisagreeEndIt() {
    String[] l = CHAIN.split("\n");
    String twice =
        l[0] + "\n" + l[1] + "\n" + l[2] + "\n" + l[1] + "\n" + l[2] + "\n" + l[3] + "\n";
    HistoryLines lines = HistoryLines.of(twice);
    assertEquals(4, lines.size());
    assertEquals(3, lines.positionOf(id(103)));
    assertEquals(2, lines.lastChange("m/v1.0.10"), "a repeated line names its first position");

    String disagree =
        l[0] + "\n" + l[1] + "\n" + line(1, 201, "-", "-") + l[2] + "\n" + l[3] + "\n";
    HistoryLines cut = HistoryLines.of(disagree);
    assertEquals(2, cut.size());
    assertEquals(-1, cut.positionOf(id(102)));
    assertEquals(-1, cut.positionOf(id(201)));

    String gap = l[0] + "\n" + l[2] + "\n";
    assertEquals(1, HistoryLines.of(gap).size(), "a position skipped");
  }

  /** Every line the check lets through is one MainHistory.parse reads, whatever bytes broke it. */
  @Test
  void whatTheCheckBelievesAlwaysParses() {
    Random random = new Random(8);
    String alphabet = "0123456789abcdefgTUP- ,/\nmv.";
    for (int round = 0; round < 2000; round++) {
      char[] text = CHAIN.toCharArray();
      for (int k = 0; k < 1 + random.nextInt(3); k++) {
        text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      HistoryLines lines = HistoryLines.of(new String(text));
      List<MainHistory.Entry> parsed = new ArrayList<>();
      for (int p = 0; p < lines.size(); p++) {
        MainHistory.Entry e = MainHistory.parse(lines.line(p));
        assertNotNull(e, "believed but unreadable: " + lines.line(p));
        assertEquals(p, e.position());
        parsed.add(e);
      }
      assertEquals(lines.size(), parsed.size());
    }
  }

  @Test
  void anEmptyOrMissingFileRemembersNothing() {
    assertEquals(0, HistoryLines.of("").size());
    assertEquals(-1, HistoryLines.of("").lastChange("m/v1"));
    assertEquals(0, HistoryLines.read(java.nio.file.Path.of("/nonexistent/main-history")).size());
  }
}
