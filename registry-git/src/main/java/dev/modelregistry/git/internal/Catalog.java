package dev.modelregistry.git.internal;

import dev.modelregistry.git.errors.UnknownVersionException;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.FailureMark;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One commit of branch {@code main}, read: the policy and the version directories. Reads only the
 * files a question needs, never the whole tree.
 */
public final class Catalog {
  private final ObjectReader reader;
  private final RevCommit commit;
  private final ParsedObjectCache parsed;
  private Policy policy;

  /** Per model, its version directories: read once, so a lookup is not a scan of 100k entries. */
  private final java.util.Map<ModelName, VersionIndex> versionIndexes = new java.util.HashMap<>();

  public Catalog(ObjectReader reader, RevCommit commit, ParsedObjectCache parsed) {
    this.reader = reader;
    this.commit = commit;
    this.parsed = parsed;
  }

  /** The commit this catalogue was read from. */
  public RevCommit commit() {
    return commit;
  }

  public Policy policy() {
    if (policy == null) {
      ObjectId blob =
          blob(RegistryFormat.POLICY_FILE)
              .orElseThrow(
                  () ->
                      new RegistryRefusedException(
                          "Branch main has no "
                              + RegistryFormat.POLICY_FILE
                              + " at "
                              + commit.name()
                              + ": this is not a registry. Create one with init."));
      policy =
          parsed.policy(
              blob,
              () ->
                  SafeMapper.read(
                      content(blob, RegistryFormat.POLICY_FILE),
                      Policy.class,
                      RegistryFormat.POLICY_FILE + " (main " + commit.abbreviate(8).name() + ")",
                      false));
    }
    return policy;
  }

  /** The content of a file at {@code path}, if there is a file there. */
  public Optional<byte[]> file(String path) {
    return blob(path).map(b -> content(b, path));
  }

  private byte[] content(ObjectId blob, String path) {
    try {
      return reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read " + path + " from main " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  /** The blob at {@code path}, if there is a file there. */
  private Optional<ObjectId> blob(String path) {
    try (TreeWalk w = TreeWalk.forPath(reader, path, commit.getTree())) {
      if (w == null || w.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
        return Optional.empty();
      }
      return Optional.of(w.getObjectId(0));
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read " + path + " from main " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  /** The id of the tree at {@code path}, or null. */
  public ObjectId tree(String path) {
    try (TreeWalk w = TreeWalk.forPath(reader, path, commit.getTree())) {
      return w == null || w.getFileMode(0) != FileMode.TREE ? null : w.getObjectId(0);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read " + path + " from main: " + e.getMessage(), e);
    }
  }

  public boolean hasVersion(ModelName model, ModelVersion version) {
    return versionTree(model, version) != null;
  }

  /** The tree of {@code models/<model>/<version>}, or null. */
  private ObjectId versionTree(ModelName model, ModelVersion version) {
    VersionIndex index = versionIndex(model);
    return index == null ? null : index.tree(version.value());
  }

  /**
   * A model's version directories: from the registry's cache when this tree was read before; null
   * if no such model.
   */
  private VersionIndex versionIndex(ModelName model) {
    return versionIndexes.computeIfAbsent(
        model,
        m -> {
          ObjectId dir = tree(RegistryFormat.modelDir(m));
          return dir == null
              ? null
              : parsed.versionIndex(
                  dir,
                  () -> {
                    try {
                      return new VersionIndex(
                          reader.open(dir, Constants.OBJ_TREE).getCachedBytes(Integer.MAX_VALUE));
                    } catch (IOException e) {
                      throw new RegistryUnavailableException(
                          "Cannot list " + RegistryFormat.modelDir(m) + ": " + e.getMessage(), e);
                    }
                  });
        });
  }

  /** The blob ids of a version's files here, or null if this catalogue has no such version. */
  public Registrations.Files versionFiles(ModelName model, ModelVersion version) {
    ObjectId dir = versionTree(model, version);
    if (dir == null) {
      return null;
    }
    try {
      return Registrations.filesIn(reader, dir);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read " + RegistryFormat.versionDir(model, version) + ": " + e.getMessage(), e);
    }
  }

  /** The content of {@code models/<model>/<version>/<file>}, if present. */
  public Optional<byte[]> versionFile(ModelName model, ModelVersion version, String file) {
    ObjectId dir = versionTree(model, version);
    if (dir == null) {
      return Optional.empty();
    }
    try (TreeWalk w = TreeWalk.forPath(reader, file, dir)) {
      if (w == null || w.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
        return Optional.empty();
      }
      return Optional.of(
          reader
              .open(w.getObjectId(0), Constants.OBJ_BLOB)
              .getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES));
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read " + RegistryFormat.versionFile(model, version, file) + ": " + e.getMessage(),
          e);
    }
  }

  /** Every model that has a directory, sorted. */
  public List<ModelName> models() {
    List<ModelName> out = new ArrayList<>();
    for (String name : names(RegistryFormat.MODELS_DIR)) {
      try {
        out.add(ModelName.of(name));
      } catch (InvalidInputException e) {
        // a directory someone added by hand: not a model; verify reports it
      }
    }
    out.sort(null);
    return out;
  }

  /** Every registered version of a model, oldest first. */
  public List<ModelVersion> versions(ModelName model) {
    List<ModelVersion> out = new ArrayList<>();
    VersionIndex index = versionIndex(model);
    for (String name : index == null ? List.<String>of() : index.treeNames()) {
      versionNamed(name).ifPresent(out::add);
    }
    out.sort(null);
    return out;
  }

  private List<String> names(String dir) {
    ObjectId id = tree(dir);
    List<String> names = new ArrayList<>();
    if (id == null) {
      return names;
    }
    try {
      for (CanonicalTreeParser p = new CanonicalTreeParser(null, reader, id); !p.eof(); p.next()) {
        if (p.getEntryFileMode() == FileMode.TREE) {
          names.add(p.getEntryPathString());
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
    return names;
  }

  /**
   * A model's versions at a glance, for {@code status}.
   *
   * @param artifacts the distinct sha256 of the versions' artifacts
   */
  public record Census(int versions, java.util.Set<String> artifacts, int failed) {}

  /**
   * Counts a model's versions, their distinct artifacts and failure marks in one walk of its tree,
   * reading each version's {@code checksum.sha256} (one line) rather than parsing its pointer.
   */
  public Census census(ModelName model) {
    ObjectId dir = tree(RegistryFormat.modelDir(model));
    int versions = 0;
    int failed = 0;
    java.util.Set<String> artifacts = new java.util.HashSet<>();
    if (dir == null) {
      return new Census(0, artifacts, 0);
    }
    try (TreeWalk w = new TreeWalk(reader)) {
      w.addTree(dir);
      while (w.next()) {
        if (w.getDepth() == 0) {
          if (w.isSubtree() && versionNamed(w.getNameString()).isPresent()) {
            versions++;
            w.enterSubtree();
          }
        } else if (w.getNameString().equals(RegistryFormat.CHECKSUM_FILE)) {
          byte[] line =
              reader
                  .open(w.getObjectId(0), Constants.OBJ_BLOB)
                  .getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES);
          artifacts.add(
              new String(
                  line, 0, Math.min(64, line.length), java.nio.charset.StandardCharsets.US_ASCII));
        } else if (w.getNameString().equals(RegistryFormat.FAILED_FILE)) {
          failed++;
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot list " + RegistryFormat.modelDir(model) + ": " + e.getMessage(), e);
    }
    return new Census(versions, artifacts, failed);
  }

  /**
   * The blob ids of every version directory's files of a model, by version, in one walk of its tree
   * (what {@code gc} reads for 10,000 versions, rather than a lookup per version and file).
   */
  public java.util.Map<ModelVersion, Registrations.Files> files(ModelName model) {
    java.util.Map<ModelVersion, Registrations.Files> out = new java.util.HashMap<>();
    ObjectId dir = tree(RegistryFormat.modelDir(model));
    if (dir == null) {
      return out;
    }
    try (TreeWalk w = new TreeWalk(reader)) {
      w.addTree(dir);
      ModelVersion at = null;
      ObjectId[] f = new ObjectId[4];
      while (w.next()) {
        if (w.getDepth() == 0) {
          if (at != null) {
            out.put(at, new Registrations.Files(f[0], f[1], f[2], f[3]));
          }
          at = w.isSubtree() ? versionNamed(w.getNameString()).orElse(null) : null;
          f = new ObjectId[4];
          if (at != null) {
            w.enterSubtree();
          }
        } else if (w.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
          int i = FILE_ORDER.indexOf(w.getNameString());
          if (i >= 0) {
            f[i] = w.getObjectId(0);
          }
        }
      }
      if (at != null) {
        out.put(at, new Registrations.Files(f[0], f[1], f[2], f[3]));
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot list " + RegistryFormat.modelDir(model) + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static final List<String> FILE_ORDER =
      List.of(
          RegistryFormat.METADATA_FILE,
          RegistryFormat.CHECKSUM_FILE,
          RegistryFormat.ARTIFACT_FILE,
          RegistryFormat.FAILED_FILE);

  /** The first 64 characters of a {@code checksum.sha256} blob: the sha256 it names, as hex. */
  public String checksumHex(ObjectId blob) {
    byte[] line = content(blob, RegistryFormat.CHECKSUM_FILE);
    return new String(
        line, 0, Math.min(64, line.length), java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Reads a registry file's blob as {@code type}, refusing a malformed one. */
  public <T> T parse(ObjectId blob, Class<T> type, String path) {
    return SafeMapper.read(content(blob, path), type, path, false);
  }

  /**
   * The version a directory's name is; empty for a directory someone added by hand (verify reports
   * it).
   */
  private static Optional<ModelVersion> versionNamed(String name) {
    try {
      return Optional.of(ModelVersion.of(name));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  public ModelMetadata metadata(ModelName model, ModelVersion version) {
    return read(model, version, RegistryFormat.METADATA_FILE, ModelMetadata.class);
  }

  public ArtifactPointer pointer(ModelName model, ModelVersion version) {
    return read(model, version, RegistryFormat.ARTIFACT_FILE, ArtifactPointer.class);
  }

  public Optional<FailureMark> failure(ModelName model, ModelVersion version) {
    String path = RegistryFormat.versionFile(model, version, RegistryFormat.FAILED_FILE);
    return versionFile(model, version, RegistryFormat.FAILED_FILE)
        .map(b -> SafeMapper.read(b, FailureMark.class, path, false));
  }

  private <T> T read(ModelName model, ModelVersion version, String fileName, Class<T> type) {
    String path = RegistryFormat.versionFile(model, version, fileName);
    byte[] bytes =
        versionFile(model, version, fileName)
            .orElseThrow(() -> new UnknownVersionException(model, version, versions(model)));
    return SafeMapper.read(bytes, type, path, false);
  }
}
