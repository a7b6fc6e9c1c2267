package dev.modelregistry.git.internal;

import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.FailureMark;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Finds a version's registration: the commit of main that added {@code models/<model>/<version>/},
 * and the files it wrote there, which never change afterwards. Promotions, approvals and rollbacks
 * judge a version by these files, never by a later edit of them on main.
 *
 * <p>The commit is the first of main's chain whose tree adds the directory, as {@link MainHistory}
 * found it from the trees (not from what a commit message claims); a directory added by hand is a
 * registration like any other, judged by the same files.
 */
public final class Registrations {
  /** The files a registration wrote, by blob id, and its commit. */
  public record Registered(
      ModelName model,
      ModelVersion version,
      MainHistory.Entry commit,
      ObjectId metadata,
      ObjectId checksum,
      ObjectId artifact) {

    /** True if {@code other} holds the same three files. */
    public boolean sameFiles(Files other) {
      return other != null
          && metadata.equals(other.metadata())
          && checksum.equals(other.checksum())
          && artifact.equals(other.artifact());
    }
  }

  /** The immutable files of a version directory at one commit (null where a file is missing). */
  public record Files(ObjectId metadata, ObjectId checksum, ObjectId artifact, ObjectId failed) {}

  private final Repository repo;
  private final MainHistory main;
  private final Map<String, Registered> found = new HashMap<>();
  private final Map<ObjectId, ModelMetadata> metadata = new HashMap<>();
  private final Map<ObjectId, ArtifactPointer> pointers = new HashMap<>();

  public Registrations(Repository repo, MainHistory main) {
    this.repo = repo;
    this.main = main;
  }

  /**
   * The registration of {@code model version} on main as last brought up to date, if there is one.
   */
  public synchronized Optional<Registered> find(
      ObjectReader reader, ModelName model, ModelVersion version) {
    String key = model.value() + "/" + version.value();
    Registered known = found.get(key);
    if (known != null && main.entry(known.commit().commit()) == known.commit()) {
      return Optional.of(known);
    }
    MainHistory.Entry commit = main.registration(key);
    if (commit == null) {
      return Optional.empty();
    }
    try (RevWalk w = new RevWalk(reader)) {
      Files files = filesAt(reader, w.parseCommit(commit.commit()), model, version);
      if (files == null
          || files.metadata() == null
          || files.checksum() == null
          || files.artifact() == null) {
        return Optional.empty(); // added incomplete: not a registration
      }
      Registered r =
          new Registered(
              model, version, commit, files.metadata(), files.checksum(), files.artifact());
      found.put(key, r);
      return Optional.of(r);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch main: " + e.getMessage(), e);
    }
  }

  private static ObjectId dir(
      ObjectReader reader, RevCommit c, ModelName model, ModelVersion version) throws IOException {
    try (TreeWalk tw =
        TreeWalk.forPath(reader, RegistryFormat.versionDir(model, version), c.getTree())) {
      return tw == null || !tw.isSubtree() ? null : tw.getObjectId(0);
    }
  }

  /** The version's files at {@code commit}, or null if it has no such directory. */
  public static Files filesAt(
      ObjectReader reader, RevCommit commit, ModelName model, ModelVersion version)
      throws IOException {
    ObjectId dir = dir(reader, commit, model, version);
    return dir == null ? null : filesIn(reader, dir);
  }

  /** The files of a version directory's tree. */
  public static Files filesIn(ObjectReader reader, ObjectId dirTree) throws IOException {
    return new Files(
        entry(reader, dirTree, RegistryFormat.METADATA_FILE),
        entry(reader, dirTree, RegistryFormat.CHECKSUM_FILE),
        entry(reader, dirTree, RegistryFormat.ARTIFACT_FILE),
        entry(reader, dirTree, RegistryFormat.FAILED_FILE));
  }

  private static ObjectId entry(ObjectReader reader, ObjectId tree, String name)
      throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(reader, name, tree)) {
      return tw == null || tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB
          ? null
          : tw.getObjectId(0).copy();
    }
  }

  /** The registered metadata, parsed once per blob. */
  public synchronized ModelMetadata metadata(ObjectReader reader, Registered r) {
    return metadata.computeIfAbsent(
        r.metadata(),
        b ->
            read(
                reader,
                b,
                ModelMetadata.class,
                RegistryFormat.versionFile(r.model(), r.version(), RegistryFormat.METADATA_FILE)));
  }

  /** The registered artifact pointer, parsed once per blob. */
  public synchronized ArtifactPointer pointer(ObjectReader reader, Registered r) {
    return pointers.computeIfAbsent(
        r.artifact(),
        b ->
            read(
                reader,
                b,
                ArtifactPointer.class,
                RegistryFormat.versionFile(r.model(), r.version(), RegistryFormat.ARTIFACT_FILE)));
  }

  /** A failure mark's content. */
  public static FailureMark failure(
      ObjectReader reader, ObjectId blob, ModelName model, ModelVersion version) {
    return read(
        reader,
        blob,
        FailureMark.class,
        RegistryFormat.versionFile(model, version, RegistryFormat.FAILED_FILE));
  }

  private static <T> T read(ObjectReader reader, ObjectId blob, Class<T> type, String path) {
    try {
      return SafeMapper.read(
          reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES),
          type,
          path,
          false);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The newest commit at or before {@code from} (a commit of main) that changed one of the
   * version's registered files: what a refusal names when main no longer holds what was registered.
   */
  public String changedBy(ObjectReader reader, Registered r, ObjectId from) throws IOException {
    try (RevWalk w = new RevWalk(reader)) {
      RevCommit c = w.parseCommit(from);
      Files now = filesAt(reader, c, r.model(), r.version());
      while (c.getParentCount() > 0) {
        RevCommit parent = w.parseCommit(c.getParent(0));
        Files before = filesAt(reader, parent, r.model(), r.version());
        if (before == null || !sameImmutable(before, now)) {
          return c.name();
        }
        c = parent;
        now = before;
      }
      return c.name();
    }
  }

  private static boolean sameImmutable(Files a, Files b) {
    return b != null
        && Objects.equals(a.metadata(), b.metadata())
        && Objects.equals(a.checksum(), b.checksum())
        && Objects.equals(a.artifact(), b.artifact());
  }

  /**
   * Null if the registration was signed as the policy in force before it requires; else why not.
   * Checked only where {@code registrations: {signed: true}}.
   */
  public String signatureProblem(
      ObjectReader reader, Registered r, Policy inForceBefore, SignatureCheck signatures)
      throws IOException {
    if (!inForceBefore.registrations().signed()) {
      return null;
    }
    try (RevWalk w = new RevWalk(reader)) {
      SignatureCheck.Outcome o =
          signatures.check(
              repo,
              w.parseCommit(r.commit().commit()),
              new TrustedSigners(inForceBefore.signers()));
      if (o.ok() && !inForceBefore.may(o.principal(), SignedAction.REGISTER)) {
        return "was registered by commit "
            + r.commit().commit().name()
            + ", signed by "
            + RoleCheck.limited(o.principal(), inForceBefore.rolesOf(o.principal()))
            + ", but the policy requires registrations signed by a signer who may register";
      }
      return o.ok()
          ? null
          : "was registered by commit "
              + r.commit().commit().name()
              + ", which "
              + o.problem()
              + ", but the policy requires signed registrations";
    }
  }
}
