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
      throw new InvalidInputException("artifact.yaml: 'uri' must be a non-empty URI, not " + Display.quote(uri));
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

  /**
   * Refuses a file name that could escape a directory or corrupt the {@code checksum.sha256} line:
   * it must be a single path component of printable characters.
   */
  public static String checkFileName(String fileName) {
    if (fileName == null
        || fileName.isEmpty()
        || fileName.length() > 255
        || fileName.equals(".")
        || fileName.equals("..")
        || fileName.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\')) {
      throw new InvalidInputException(
          "Artifact file name "
              + Display.quote(fileName)
              + " is not allowed: it must be one path component of printable characters,"
              + " without '/' or '\\', at most 255 characters.");
    }
    return fileName;
  }
}
