package dev.modelregistry.git.errors;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.Sha256;

/**
 * An artifact's bytes are not the bytes its pointer names. The message names both hashes (or both
 * sizes), where the bytes are, and the two ways out.
 */
public class ChecksumMismatchException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  private final transient ArtifactPointer expected;
  private final transient Sha256 actual;

  public ChecksumMismatchException(
      ArtifactPointer expected, Sha256 actual, long actualSize, String location) {
    super(
        "Artifact "
            + expected.fileName()
            + " does not match its pointer.\n"
            + "  expected sha256 "
            + expected.sha256().hex()
            + ", "
            + expected.size()
            + " bytes\n"
            + "  found    sha256 "
            + (actual == null ? "(not computed: more bytes than expected)" : actual.hex())
            + ", "
            + (actual == null ? "over " + expected.size() : actualSize)
            + " bytes\n"
            + "  at "
            + location
            + "\n"
            + "The stored bytes were changed or damaged. If this version is live, roll back first"
            + " (rollback, naming this version). Then put the right bytes back: restore them from a backup"
            + " (restore, naming this model and version: the bytes come from the newest backup that has"
            + " them, checked against the expected sha256); or "
            + putBack(expected, location)
            + "; or register the model again under a new version.");
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * How to put a good copy back by hand: into a local store's read-only file with {@code install},
   * to a server (an HTTP URL, a Maven repository's coordinates) by uploading it there.
   */
  private static String putBack(ArtifactPointer expected, String location) {
    boolean file =
        location != null && (location.startsWith("/") || location.matches("^[A-Za-z]:\\\\.*"));
    if (!file) {
      return "upload any copy whose sha256 is "
          + expected.sha256().hex()
          + " (the training build's output, another machine's store) to "
          + location
          + " again (for a mvn: pointer, deploy it to those coordinates)";
    }
    return "install any copy whose sha256 is "
        + expected.sha256().hex()
        + " (the training build's output, another machine's store), with `install -m 444 <good"
        + " copy> "
        + location
        + "` (plain cp cannot replace the read-only file)";
  }

  /** What the pointer says. */
  public ArtifactPointer expected() {
    return expected;
  }

  /** What the bytes hash to, or null if reading stopped early. */
  public Sha256 actual() {
    return actual;
  }
}
