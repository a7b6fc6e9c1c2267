package dev.modelregistry.git.internal;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The artifacts a set of refs names: every version pointer ({@code models/<m>/<v>/artifact.yaml})
 * in any ref's tree, and, per ref, the distinct artifacts its tree names through pointers and
 * environment records ({@code <environment>/<model>.yaml}). What a backup must hold for each of its
 * refs to restore with its bytes.
 */
public final class ReferencedArtifacts {
  private ReferencedArtifacts() {}

  /**
   * One artifact.
   *
   * @param versions the versions that point to it, {@code "<model> <version>"}, for messages
   */
  public record Artifact(ArtifactPointer pointer, List<String> versions) {}

  /**
   * What the refs name.
   *
   * @param artifacts by sha256, sorted
   * @param perRef ref name -> the sha256 of the artifacts its tree names (only those with a
   *     pointer)
   * @param named every sha256 any of the trees names, through a pointer or an environment record
   *     (also a record whose version has no pointer left): the bytes that must stay in the store
   */
  public record Found(
      Map<Sha256, Artifact> artifacts, Map<String, Set<Sha256>> perRef, Set<Sha256> named) {
    /** The total size of the artifacts {@code ref} names. */
    public long bytes(String ref) {
      return perRef.getOrDefault(ref, Set.of()).stream()
          .mapToLong(s -> artifacts.get(s).pointer().size())
          .sum();
    }
  }

  /**
   * Reads the trees of {@code refs}; a pointer that cannot be parsed is left out (verify reports
   * it).
   */
  public static Found of(Repository repo, Map<String, ObjectId> refs) throws IOException {
    Map<ObjectId, ArtifactPointer> pointers =
        new HashMap<>(); // by blob: the same file on many refs is parsed once
    Map<ObjectId, Sha256> records = new HashMap<>();
    Map<Sha256, ArtifactPointer> bySha = new TreeMap<>(java.util.Comparator.comparing(Sha256::hex));
    Map<Sha256, List<String>> versions = new HashMap<>();
    Map<String, Set<Sha256>> recordsPerRef = new LinkedHashMap<>();
    Map<String, Set<Sha256>> pointersPerRef = new LinkedHashMap<>();
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      for (Map.Entry<String, ObjectId> ref : refs.entrySet()) {
        RevObject o = walk.peel(walk.parseAny(ref.getValue()));
        RevTree tree =
            o instanceof org.eclipse.jgit.revwalk.RevCommit c
                ? c.getTree()
                : o instanceof RevTree t ? t : null;
        Set<Sha256> viaPointers = new TreeSet<>(java.util.Comparator.comparing(Sha256::hex));
        Set<Sha256> viaRecords = new TreeSet<>(java.util.Comparator.comparing(Sha256::hex));
        if (tree != null) {
          try (TreeWalk w = new TreeWalk(reader)) {
            w.addTree(tree);
            w.setRecursive(true);
            while (w.next()) {
              String[] parts = w.getPathString().split("/");
              ObjectId blob = w.getObjectId(0);
              if (parts.length == 4
                  && parts[0].equals(RegistryFormat.MODELS_DIR)
                  && parts[3].equals(RegistryFormat.ARTIFACT_FILE)) {
                ArtifactPointer p =
                    pointers.computeIfAbsent(
                        blob, b -> parse(reader, b, w.getPathString(), ArtifactPointer.class));
                if (p != null) {
                  viaPointers.add(p.sha256());
                  bySha.putIfAbsent(p.sha256(), p);
                  List<String> vs = versions.computeIfAbsent(p.sha256(), s -> new ArrayList<>());
                  String mv = parts[1] + " " + parts[2];
                  if (!vs.contains(mv)) {
                    vs.add(mv);
                  }
                }
              } else if (parts.length == 2
                  && !parts[0].equals(RegistryFormat.MODELS_DIR)
                  && parts[1].endsWith(".yaml")) {
                Sha256 s =
                    records.computeIfAbsent(
                        blob,
                        b -> {
                          EnvironmentRecord r =
                              parse(reader, b, w.getPathString(), EnvironmentRecord.class);
                          return r == null ? null : r.sha256();
                        });
                if (s != null) {
                  viaRecords.add(s);
                }
              }
            }
          }
        }
        pointersPerRef.put(ref.getKey(), viaPointers);
        recordsPerRef.put(ref.getKey(), viaRecords);
      }
    }
    Map<Sha256, Artifact> artifacts = new LinkedHashMap<>();
    bySha.forEach((sha, p) -> artifacts.put(sha, new Artifact(p, List.copyOf(versions.get(sha)))));
    Map<String, Set<Sha256>> perRef = new LinkedHashMap<>();
    Set<Sha256> all = new java.util.HashSet<>(bySha.keySet());
    recordsPerRef.values().forEach(all::addAll);
    for (String ref : refs.keySet()) {
      Set<Sha256> named = new TreeSet<>(java.util.Comparator.comparing(Sha256::hex));
      named.addAll(pointersPerRef.get(ref));
      recordsPerRef.get(ref).stream().filter(artifacts::containsKey).forEach(named::add);
      perRef.put(ref, named);
    }
    return new Found(artifacts, perRef, all);
  }

  private static <T> T parse(ObjectReader reader, ObjectId blob, String path, Class<T> type) {
    try {
      return SafeMapper.read(
          reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES),
          type,
          path,
          false);
    } catch (IOException | RegistryException e) {
      return null; // not a file of ours, or a damaged one: verify names it; the backup copies what
      // it can read
    }
  }
}
