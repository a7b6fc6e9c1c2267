package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model version: a {@code v}-prefixed semantic version ({@code v1.2.0}, {@code v1.3.0-rc.1}) or a
 * calendar version ({@code v20250117}, {@code v20250117.2}). Whether a registry accepts calendar
 * versions is its policy's decision ({@link VersionRule}); this type only guarantees the syntax,
 * which also makes every version a valid last component of a Git ref name ({@code
 * promotion/<model>/<version>}): semantic and calendar versions hold no character Git refuses, and
 * a pre-release ending in {@code .lock} is refused.
 *
 * <p>Versions order by semantic-version precedence; calendar versions by date, then sequence.
 */
public record ModelVersion(@JsonValue String value) implements Comparable<ModelVersion> {
  /** The rule in words, shown in every refusal. */
  public static final String RULE =
      "'v' followed by a semantic version MAJOR.MINOR.PATCH with an optional pre-release"
          + " (v1.2.0, v1.3.0-rc.1) whose last pre-release part is not 'lock' (Git refuses a branch name ending in"
          + " '.lock'), or, where registry.yaml allows it, a calendar version vYYYYMMDD[.N] (v20250117, v20250117.2)";

  private static final String NUM = "0|[1-9]\\d{0,8}";
  private static final String PRE_ID = "(?:0|[1-9]\\d{0,8}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
  private static final Pattern SEMVER =
      Pattern.compile(
          "v(" + NUM + ")\\.(" + NUM + ")\\.(" + NUM + ")(?:-(" + PRE_ID + "(?:\\." + PRE_ID
              + ")*))?");
  private static final Pattern CALENDAR = Pattern.compile("v(\\d{8})(?:\\.([1-9]\\d{0,4}))?");
  private static final int MAX_LENGTH = 64;

  public ModelVersion {
    if (value == null
        || value.length() > MAX_LENGTH
        || !(isSemantic(value) || isCalendar(value))
        || endsInLock(value)) {
      throw new InvalidInputException(
          "Version " + Display.quote(value) + " is not allowed. A version is " + RULE + ".");
    }
  }

  /** Parses a version, refusing anything outside {@link #RULE}. */
  public static ModelVersion of(String value) {
    return new ModelVersion(value);
  }

  /** True for {@code vYYYYMMDD[.N]}. */
  public boolean isCalendar() {
    return isCalendar(value);
  }

  /**
   * A version is the last component of {@code promotion/<model>/<version>}, and Git refuses a ref
   * component ending in {@code .lock}; any case, since on a case-insensitive file system {@code
   * .LOCK} is the lock file of the ref without it.
   */
  private static boolean endsInLock(String text) {
    return text.toLowerCase(java.util.Locale.ROOT).endsWith(".lock");
  }

  private static boolean isSemantic(String text) {
    return SEMVER.matcher(text).matches();
  }

  private static boolean isCalendar(String text) {
    Matcher m = CALENDAR.matcher(text);
    if (!m.matches()) {
      return false;
    }
    String d = m.group(1);
    try {
      LocalDate.of(
          Integer.parseInt(d.substring(0, 4)),
          Integer.parseInt(d.substring(4, 6)),
          Integer.parseInt(d.substring(6, 8)));
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  @Override
  public int compareTo(ModelVersion other) {
    boolean cal = isCalendar();
    if (cal != other.isCalendar()) {
      return cal ? 1 : -1; // a registry rarely mixes both; keep the order total and stable
    }
    return cal ? compareCalendar(other) : compareSemantic(other);
  }

  private int compareCalendar(ModelVersion other) {
    Matcher a = CALENDAR.matcher(value);
    Matcher b = CALENDAR.matcher(other.value);
    a.matches();
    b.matches();
    int byDate = a.group(1).compareTo(b.group(1));
    if (byDate != 0) {
      return byDate;
    }
    return Integer.compare(seq(a.group(2)), seq(b.group(2)));
  }

  private static int seq(String s) {
    return s == null ? 0 : Integer.parseInt(s);
  }

  private int compareSemantic(ModelVersion other) {
    Matcher a = SEMVER.matcher(value);
    Matcher b = SEMVER.matcher(other.value);
    a.matches();
    b.matches();
    for (int i = 1; i <= 3; i++) {
      int c = Long.compare(Long.parseLong(a.group(i)), Long.parseLong(b.group(i)));
      if (c != 0) {
        return c;
      }
    }
    return comparePreRelease(a.group(4), b.group(4));
  }

  /** Semantic Versioning 2.0.0, rule 11: a release outranks its pre-releases. */
  private static int comparePreRelease(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean xNum = x[i].chars().allMatch(Character::isDigit);
      boolean yNum = y[i].chars().allMatch(Character::isDigit);
      int c;
      if (xNum && yNum) {
        c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
      } else if (xNum != yNum) {
        c = xNum ? -1 : 1;
      } else {
        c = x[i].compareTo(y[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  @Override
  public String toString() {
    return value;
  }

  // equals and hashCode written out: a record's generated ones link an invokedynamic site on first
  // use, which a short command pays for each record type it compares (docs/BENCHMARKS.md 7c)
  @Override
  public boolean equals(Object o) {
    return o instanceof ModelVersion other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
