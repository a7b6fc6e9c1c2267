package dev.modelregistry.git.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The machine-readable trailers of a registry commit ({@code Registry-Action: promote}, {@code
 * Registry-Model: risk_model}...), so that {@code git log} alone answers audit questions. Values
 * are single lines; anything else a person wrote goes in the message body.
 */
public record Trailers(Map<String, String> values) {
  public static final String ACTION = "Registry-Action";
  public static final String MODEL = "Registry-Model";
  public static final String VERSION = "Registry-Version";
  public static final String SHA256 = "Registry-Sha256";
  public static final String REASON = "Registry-Reason";
  public static final String CATALOG = "Registry-Catalog";
  public static final String REVERTS = "Registry-Reverts";
  public static final String ENVIRONMENT = "Registry-Environment";
  public static final String APPROVES = "Registry-Approves";

  /** On a trust change: the principal whose key or role changed. */
  public static final String PRINCIPAL = "Registry-Principal";

  /** On a trust change that sets a signer's role: the role, or {@code full} for none. */
  public static final String ROLE = "Registry-Role";

  /**
   * One per version a {@code gc} commit removed, {@code <model>/<version>}: repeated, so it is
   * written by {@link #message(String, String, String, List)} and read by {@link #all}.
   */
  public static final String COLLECTED = "Registry-Collected";

  public Trailers {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** A builder-style start: {@code Trailers.of(ACTION, "register").with(MODEL, "m")}. */
  public static Trailers of(String key, String value) {
    return new Trailers(Map.of()).with(key, value);
  }

  /** A copy with one more trailer; newlines in the value are folded to spaces. */
  public Trailers with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value.replaceAll("[\\r\\n]+", " ").strip());
    return new Trailers(copy);
  }

  /** The value of {@code key}, or null. */
  public String get(String key) {
    return values.get(key);
  }

  /** The full commit message: subject, optional body, blank line, trailers. */
  public String message(String subject, String body) {
    StringBuilder m =
        new StringBuilder(subject.replaceAll("[\\r\\n]+", " ").strip()).append("\n\n");
    if (body != null && !body.isBlank()) {
      m.append(body.strip()).append("\n\n");
    }
    values.forEach((k, v) -> m.append(k).append(": ").append(v).append('\n'));
    return m.toString();
  }

  /**
   * The full commit message with, after the trailers, one {@code key: value} line per value (a
   * trailer a commit carries many times, such as {@link #COLLECTED}).
   */
  public String message(String subject, String body, String key, List<String> repeated) {
    StringBuilder m = new StringBuilder(message(subject, body));
    repeated.forEach(
        v ->
            m.append(key).append(": ").append(v.replaceAll("[\\r\\n]+", " ").strip()).append('\n'));
    return m.toString();
  }

  /** Every value of trailer {@code key} in a commit's footer, in order (a repeated trailer). */
  public static List<String> all(RevCommit commit, String key) {
    List<String> out = new ArrayList<>();
    for (FooterLine f : commit.getFooterLines()) {
      if (f.getKey().equals(key)) {
        out.add(f.getValue());
      }
    }
    return out;
  }

  /** Reads the registry trailers of a commit (other footer lines are ignored). */
  public static Trailers of(RevCommit commit) {
    Map<String, String> found = new LinkedHashMap<>();
    List<FooterLine> footers = new ArrayList<>(commit.getFooterLines());
    for (FooterLine f : footers) {
      if (f.getKey().startsWith("Registry-")) {
        found.put(f.getKey(), f.getValue());
      }
    }
    return new Trailers(found);
  }
}
