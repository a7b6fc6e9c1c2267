package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a backup holds: {@code backup-manifest.json} in its directory. Written by {@code backup},
 * read by {@code backups} and {@code restore}, and readable by people and {@code jq}.
 *
 * <p>A manifest is read from a directory anyone may have edited, so an invalid one cannot exist:
 * every file it names is one of the two kinds a backup holds ({@value #BUNDLE}, and artifacts at
 * {@code artifacts/sha256/<2 hex>/<62 hex>}, named by their own sha256), never a path with {@code
 * ..}, an absolute path or anything else, so that no restore can be led to read or write outside
 * the backup and the store.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param createdAt when the backup was taken
 * @param registry where the registry was (its path, or its URL without credentials), for people
 * @param rootCommit the registry's root of trust ({@code init}'s first commit, as consumers pin it)
 * @param refs every ref in the bundle, with the artifacts its tree names
 * @param artifacts how many distinct artifacts the backup holds
 * @param artifactBytes their total size
 * @param files every file of the backup but this manifest and its checksum, with its sha256
 */
@JsonPropertyOrder({
  "format",
  "format_version",
  "created_at",
  "registry",
  "root_commit",
  "refs",
  "artifacts",
  "artifact_bytes",
  "files"
})
public record BackupManifest(
    @JsonProperty(value = "format", required = true) String format,
    @JsonProperty(value = "format_version", required = true) Integer formatVersion,
    @JsonProperty(value = "created_at", required = true) Instant createdAt,
    @JsonProperty("registry") String registry,
    @JsonProperty(value = "root_commit", required = true) String rootCommit,
    @JsonProperty(value = "refs", required = true) List<Ref> refs,
    @JsonProperty(value = "artifacts", required = true) Integer artifacts,
    @JsonProperty(value = "artifact_bytes", required = true) Long artifactBytes,
    @JsonProperty(value = "files", required = true) List<FileEntry> files) {

  public static final String FORMAT = "model-registry-backup";
  public static final int FORMAT_VERSION = 1;

  /** The manifest's own file name in a backup directory. */
  public static final String FILE = "backup-manifest.json";

  /**
   * The manifest's checksum, {@code sha256sum -c} readable: a byte changed in the manifest is found
   * like any other.
   */
  public static final String CHECKSUM_FILE = FILE + ".sha256";

  /** The Git bundle of every ref. */
  public static final String BUNDLE = "registry.bundle";

  /**
   * Where the artifacts are in a backup directory: {@code artifacts/sha256/ab/cdef...}, as in the
   * local store.
   */
  public static final String ARTIFACTS_DIR = "artifacts";

  /** The largest manifest read: 64 MiB, some 300,000 files. */
  public static final int MAX_BYTES = 64 << 20;

  private static final Pattern ARTIFACT_PATH =
      Pattern.compile("artifacts/sha256/([0-9a-f]{2})/([0-9a-f]{62})");
  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern REF_NAME = Pattern.compile("refs/[A-Za-z0-9._/-]{1,250}");

  public BackupManifest {
    if (!FORMAT.equals(format)) {
      throw invalid("its format is " + Display.quote(format) + ", not " + FORMAT);
    }
    if (formatVersion == null || formatVersion != FORMAT_VERSION) {
      throw invalid(
          "it has format_version "
              + formatVersion
              + "; this version of the registry reads "
              + FORMAT_VERSION
              + ". Restore it with the registry tools that wrote it");
    }
    if (createdAt == null) {
      throw invalid("it has no created_at");
    }
    if (rootCommit == null || !OBJECT_ID.matcher(rootCommit).matches()) {
      throw invalid("its root_commit " + Display.quote(rootCommit) + " is not a commit id");
    }
    refs = List.copyOf(refs == null ? List.of() : refs);
    Set<String> names = new HashSet<>();
    for (Ref r : refs) {
      if (!names.add(r.name())) {
        throw invalid("it lists ref " + Display.quote(r.name()) + " twice");
      }
    }
    files = List.copyOf(files == null ? List.of() : files);
    Set<String> paths = new HashSet<>();
    for (FileEntry f : files) {
      if (!paths.add(f.path())) {
        throw invalid("it lists " + Display.quote(f.path()) + " twice");
      }
    }
    if (!paths.contains(BUNDLE)) {
      throw invalid("it lists no " + BUNDLE);
    }
    if (artifacts == null
        || artifacts != files.size() - 1
        || artifactBytes == null
        || artifactBytes
            != files.stream().filter(f -> f.artifact() != null).mapToLong(FileEntry::size).sum()) {
      throw invalid(
          "its artifact count or bytes ("
              + artifacts
              + ", "
              + artifactBytes
              + ") do not add up to the files it lists");
    }
  }

  private static InvalidInputException invalid(String why) {
    return new InvalidInputException(FILE + " cannot be a backup's: " + why + ".");
  }

  /** The manifest's artifact files. */
  public List<FileEntry> artifactFiles() {
    return files.stream().filter(f -> f.artifact() != null).toList();
  }

  /** The entry of {@code path}, or null. */
  public FileEntry file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst().orElse(null);
  }

  /** The path in a backup of the artifact whose sha256 is {@code sha}. */
  public static String artifactPath(Sha256 sha) {
    return ARTIFACTS_DIR + "/sha256/" + sha.hex().substring(0, 2) + "/" + sha.hex().substring(2);
  }

  /**
   * A ref in the bundle.
   *
   * @param artifacts how many distinct artifacts its tree names (pointers, and an environment's
   *     records)
   * @param bytes their total size
   */
  @JsonPropertyOrder({"name", "id", "artifacts", "bytes"})
  public record Ref(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "id", required = true) String id,
      @JsonProperty(value = "artifacts", required = true) int artifacts,
      @JsonProperty(value = "bytes", required = true) long bytes) {
    public Ref {
      if (name == null
          || !REF_NAME.matcher(name).matches()
          || name.contains("..")
          || name.contains("//")
          || name.endsWith("/")
          || name.endsWith(".lock")
          || name.contains("/.")) {
        throw invalid(
            "it names the ref " + Display.quote(name) + ", which is not a branch or tag name");
      }
      if (id == null || !OBJECT_ID.matcher(id).matches()) {
        throw invalid(
            "ref " + name + " has the id " + Display.quote(id) + ", which is not a commit id");
      }
      if (artifacts < 0 || bytes < 0) {
        throw invalid("ref " + name + " has a negative artifact count or size");
      }
    }
  }

  /**
   * A file of the backup.
   *
   * @param path relative, {@code /}-separated: {@value BackupManifest#BUNDLE} or an artifact's path
   */
  @JsonPropertyOrder({"path", "sha256", "size"})
  public record FileEntry(
      @JsonProperty(value = "path", required = true) String path,
      @JsonProperty(value = "sha256", required = true) Sha256 sha256,
      @JsonProperty(value = "size", required = true) long size) {
    public FileEntry {
      if (path == null || !(path.equals(BUNDLE) || ARTIFACT_PATH.matcher(path).matches())) {
        throw invalid(
            "it names the file "
                + Display.quote(path)
                + ", which a backup never holds (only "
                + BUNDLE
                + " and artifacts/sha256/<2 hex>/<62 hex>): no restore reads a path outside its backup");
      }
      if (sha256 == null || size < 0) {
        throw invalid(path + " has no sha256 or a negative size");
      }
      if (!path.equals(BUNDLE) && !path.equals(artifactPath(sha256))) {
        throw invalid(
            path
                + " is listed with the sha256 "
                + sha256.hex()
                + ": an artifact's path is its sha256");
      }
    }

    /** The sha256 of the artifact this file is, or null for the bundle. */
    public Sha256 artifact() {
      return path.equals(BUNDLE) ? null : sha256;
    }
  }
}
