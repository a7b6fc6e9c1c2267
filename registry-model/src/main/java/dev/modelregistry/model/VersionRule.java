package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which version forms a registry accepts ({@code versions:} in {@code registry.yaml}). Semantic
 * versions are always accepted; calendar versions only when {@code calendar: true}.
 */
public record VersionRule(@JsonProperty("calendar") boolean calendar) {

  /** The default: semantic versions only. */
  public static VersionRule semanticOnly() {
    return new VersionRule(false);
  }

  /** Parses {@code text} and checks it against this rule; refuses with the rule in the message. */
  public ModelVersion parse(String text) {
    ModelVersion version = ModelVersion.of(text);
    if (version.isCalendar() && !calendar) {
      throw new InvalidInputException(
          "Version "
              + Display.quote(text)
              + " is a calendar version, and this registry accepts semantic versions only"
              + " (v1.2.0, v1.3.0-rc.1). Use a semantic version, or allow calendar versions"
              + " with 'versions: {calendar: true}' in registry.yaml on branch main.");
    }
    return version;
  }
}
