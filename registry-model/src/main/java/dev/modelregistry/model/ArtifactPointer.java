package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where a version's bytes are and what they must be: the content of {@code artifact.yaml}. The
 * identity ({@link #sha256} and {@link #size}) does not depend on the store; {@link #uri} says
 * where to fetch it ({@code local:sha256/ab/cd...} for the registry's own content-addressed store,
 * {@code https://...}, {@code mvn:group:artifact:version[:type[:classifier]]}).
 */
@JsonPropertyOrder({"uri", "sha256", "size", "media_type", "file_name"})
public record ArtifactPointer(
    @JsonProperty(value = "uri", required = true) String uri,
    @JsonProperty(value = "sha256", required = true) Sha256 sha256,
    @JsonProperty(value = "size", required = true) long size,
    @JsonProperty("media_type") String mediaType,
    @JsonProperty(value = "file_name", required = true) String fileName) {

  /** The media type used when none is known. */
  public static final String DEFAULT_MEDIA_TYPE = "application/octet-stream";

  public ArtifactPointer {
    if (uri == null || uri.isBlank() || uri.chars().anyMatch(c -> c < 0x20)) {
      throw new InvalidInputException(
          "artifact.yaml: 'uri' must be a non-empty URI, not " + Display.quote(uri));
    }
    if (sha256 == null) {
      throw new InvalidInputException("artifact.yaml: 'sha256' is missing.");
    }
    if (size <= 0) {
      throw new InvalidInputException("artifact.yaml: 'size' must be positive, not " + size + ".");
    }
    mediaType = mediaType == null || mediaType.isBlank() ? DEFAULT_MEDIA_TYPE : mediaType;
    checkFileName(fileName);
  }

  /** The rule for artifact file names in words, shown in every refusal. */
  public static final String FILE_NAME_RULE =
      "one path component of printable characters, without '/' or '\\', not '.' or '..', at most 255 characters, with "
          + UnsafeCharacters.RULE;

  /**
   * Refuses a file name that could escape a directory, corrupt the one-line {@code checksum.sha256}
   * (a line separator would end its line, so the version could never be verified), or make output
   * that prints it lie (a bidirectional override): see {@link #FILE_NAME_RULE}.
   */
  public static String checkFileName(String fileName) {
    if (fileName == null
        || fileName.isEmpty()
        || fileName.length() > 255
        || fileName.equals(".")
        || fileName.equals("..")
        || fileName.chars().anyMatch(c -> c == '/' || c == '\\')
        || UnsafeCharacters.firstIn(fileName).isPresent()) {
      String held =
          UnsafeCharacters.firstIn(fileName).stream()
              .mapToObj(c -> " (it holds " + UnsafeCharacters.name(c) + ")")
              .findFirst()
              .orElse("");
      throw new InvalidInputException(
          "Artifact file name "
              + Display.quote(fileName)
              + " is not allowed"
              + held
              + ". A file name is "
              + FILE_NAME_RULE
              + ".");
    }
    return fileName;
  }
}
