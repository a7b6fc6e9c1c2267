package dev.modelregistry.model;

/**
 * The inputs an operation can be given, named so that each front end can word a missing or wrong
 * one in its own syntax ({@code -Dregistry.model} under Maven, {@code --model} on the command
 * line). The library's messages name the input in words and leave the syntax to the front end.
 */
public enum Input {
  URL("registry"),
  MODEL("model name"),
  VERSION("version"),
  ARTIFACT("artifact"),
  METADATA("metadata file"),
  ENVIRONMENT("environment"),
  REASON("reason"),
  TO("version to roll back to"),
  AT("instant"),
  SIGNING_KEY("signing key"),
  PRINCIPAL("principal"),
  PUBLIC_KEY("public key"),
  DATASET_VERSIONS("dataset versions in force"),
  POLICY_CHANGE("policy change"),
  ROOT("pinned root"),
  OUTPUT("output path"),
  FORMAT("output format"),
  FROM("backup to restore from"),
  ROLE("signer role"),
  POLICY("policy file");

  private final String words;

  Input(String words) {
    this.words = words;
  }

  /** The input in plain words ({@code "model name"}), for messages of any front end. */
  public String words() {
    return words;
  }
}
