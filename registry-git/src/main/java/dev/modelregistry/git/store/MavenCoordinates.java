package dev.modelregistry.git.store;

import dev.modelregistry.model.Display;
import dev.modelregistry.model.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The address of an artifact in a Maven repository, as a pointer's uri holds it: {@code
 * mvn:<group>:<artifact>:<version>[:<type>[:<classifier>]]} (type {@code jar} when absent, as
 * Maven's own {@code group:artifact:version} means). Only release versions: a {@code -SNAPSHOT}
 * version names whatever was deployed last, and a pointer must name bytes that never change.
 *
 * @param group the group id
 * @param artifact the artifact id
 * @param version the version, never a SNAPSHOT
 * @param type the file's extension in the repository ({@code bin}, {@code onnx}, {@code jar})
 * @param classifier the classifier, or "" for none
 */
public record MavenCoordinates(
    String group, String artifact, String version, String type, String classifier) {
  /** The prefix of a pointer's uri into a Maven repository. */
  public static final String SCHEME = "mvn:";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.+-]+");

  public MavenCoordinates {
    classifier = classifier == null ? "" : classifier;
    type = type == null || type.isEmpty() ? "jar" : type;
    String shown = show(group, artifact, version, type, classifier);
    require("group id", group, ID, shown);
    require("artifact id", artifact, ID, shown);
    require("version", version, VERSION, shown);
    require("type", type, ID, shown);
    if (!classifier.isEmpty()) {
      require("classifier", classifier, ID, shown);
    }
    if (version.endsWith("SNAPSHOT")) {
      throw new InvalidInputException(
          "Maven version "
              + Display.quote(version)
              + " of "
              + shown
              + " is a SNAPSHOT: a snapshot names whatever was deployed last, and a registered"
              + " version must name bytes that never change. Use a release version (without"
              + " -SNAPSHOT). Nothing was registered.");
    }
  }

  /**
   * Parses {@code mvn:group:artifact:version[:type[:classifier]]}; refuses anything else, saying
   * what the form is.
   */
  public static MavenCoordinates parse(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      throw malformed(uri, "it does not start with " + SCHEME);
    }
    String[] parts = uri.substring(SCHEME.length()).split(":", -1);
    if (parts.length < 3 || parts.length > 5) {
      throw malformed(uri, "it has " + parts.length + " parts after " + SCHEME);
    }
    for (String p : parts) {
      if (p.isEmpty()) {
        throw malformed(uri, "a part is empty");
      }
    }
    return new MavenCoordinates(
        parts[0],
        parts[1],
        parts[2],
        parts.length > 3 ? parts[3] : "jar",
        parts.length > 4 ? parts[4] : "");
  }

  /** Whether {@code uri} is a pointer into a Maven repository (well-formed or not). */
  public static boolean reads(String uri) {
    return uri.startsWith(SCHEME);
  }

  /** The pointer's uri: {@code mvn:group:artifact:version:type[:classifier]}. */
  public String uri() {
    return SCHEME
        + group
        + ":"
        + artifact
        + ":"
        + version
        + ":"
        + type
        + (classifier.isEmpty() ? "" : ":" + classifier);
  }

  /** The same coordinates with another type (the checksum files: {@code bin.sha256}). */
  public MavenCoordinates withType(String type) {
    return new MavenCoordinates(group, artifact, version, type, classifier);
  }

  /** The file's path in a repository of the default layout. */
  public String path() {
    return group.replace('.', '/')
        + "/"
        + artifact
        + "/"
        + version
        + "/"
        + artifact
        + "-"
        + version
        + (classifier.isEmpty() ? "" : "-" + classifier)
        + "."
        + type;
  }

  @Override
  public String toString() {
    return uri();
  }

  private static void require(String what, String value, Pattern p, String shown) {
    if (value == null || !p.matcher(value).matches()) {
      throw new InvalidInputException(
          "The "
              + what
              + " of Maven coordinates "
              + shown
              + " is "
              + (value == null || value.isEmpty() ? "missing" : Display.quote(value))
              + ": ids are letters, digits, '.', '_' and '-'. Nothing was registered.");
    }
  }

  private static String show(
      String group, String artifact, String version, String type, String classifier) {
    return Display.quote(
        SCHEME
            + group
            + ":"
            + artifact
            + ":"
            + version
            + ":"
            + type
            + (classifier == null || classifier.isEmpty() ? "" : ":" + classifier));
  }

  private static InvalidInputException malformed(String uri, String why) {
    return new InvalidInputException(
        (uri == null ? "No Maven uri" : "Maven uri " + Display.quote(uri))
            + " is malformed ("
            + why
            + "): the form is mvn:<group>:<artifact>:<version>[:<type>[:<classifier>]], for"
            + " example mvn:com.example.models:risk_model:1.2.0:onnx. Nothing was registered.");
  }
}
