package dev.modelregistry.git;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Decides whether branches can be trusted, and remembers what it decided ({@link VerifiedCache}).
 *
 * <ul>
 *   <li>On {@code main}, every commit that changes the trusted signers is signed by a key trusted
 *       in its parent, so trust flows from the first commit.
 *   <li>On an environment branch, every commit names in {@code Registry-Catalog} a commit of {@code
 *       main}; it is signed by a key trusted in that commit's {@code registry.yaml}; it changes
 *       exactly the record its trailers name; and the record names a registered version with its
 *       registered sha256. A record edited by hand fails one of these.
 * </ul>
 */
final class TrustVerifier {
  private static final String MAIN_TRUST = "main";

  private final Registry registry;
  private final Repository repo;
  private final VerifiedCache cache;
  private final SignatureCheck signatures;
  private final Map<ObjectId, TrustedSigners> signersByPolicyBlob = new HashMap<>();

  TrustVerifier(Registry registry) {
    this.registry = registry;
    this.repo = registry.repository();
    this.cache = registry.verifiedCache();
    this.signatures = new SignatureCheck(registry.cacheDirectory().resolve("trust"));
  }

  /** Verifies main's trust chain up to its tip. */
  void verifyMain(ObjectReader reader) {
    ObjectId mainTip = registry.tip(RegistryFormat.MAIN);
    try (RevWalk w = new RevWalk(reader)) {
      w.setTreeFilter(AndTreeFilter.create(PathFilter.create(RegistryFormat.POLICY_FILE), TreeFilter.ANY_DIFF));
      w.markStart(w.parseCommit(mainTip));
      List<RevCommit> unverified = new ArrayList<>();
      for (RevCommit c : w) {
        if (cache.get(c.name()) != null) {
          break;
        }
        unverified.add(c);
      }
      Collections.reverse(unverified);
      List<Map.Entry<String, VerifiedCache.Entry>> done = new ArrayList<>();
      try (RevWalk parents = new RevWalk(reader)) {
        for (RevCommit c : unverified) {
          RevCommit full = parents.parseCommit(c);
          TrustedSigners now = signersAt(reader, full);
          if (full.getParentCount() == 0) {
            done.add(entry(full, MAIN_TRUST, "root"));
            continue;
          }
          TrustedSigners before = signersAt(reader, parents.parseCommit(full.getParent(0)));
          if (now.equals(before)) {
            done.add(entry(full, MAIN_TRUST, "-"));
            continue;
          }
          boolean firstSigner = before.lines().isEmpty() && now.lines().size() == 1;
          SignatureCheck.Outcome o = signatures.check(repo, full, firstSigner ? now : before);
          if (!o.ok()) {
            cache.addAll(done);
            throw new UntrustedHistoryException(
                RegistryFormat.MAIN, full.name(), "changes the trusted signers and " + o.problem()
                    + (firstSigner ? "" : " by its parent's registry.yaml"));
          }
          done.add(entry(full, MAIN_TRUST, o.principal()));
        }
      }
      cache.addAll(done);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch main: " + e.getMessage(), e);
    }
  }

  /** Verifies an environment branch (and main's trust chain) and returns it for reading. */
  EnvironmentBranch verifyEnvironment(String environment, ObjectReader reader) {
    verifyMain(reader);
    ObjectId tipId = registry.tip(RegistryFormat.environmentBranch(environment));
    if (tipId == null) {
      return new EnvironmentBranch(environment, reader, null, cache);
    }
    try (RevWalk w = new RevWalk(reader)) {
      RevCommit tip = w.parseCommit(tipId);
      w.markStart(tip);
      List<RevCommit> unverified = new ArrayList<>();
      for (RevCommit c : w) {
        if (cache.get(c.name()) != null) {
          break;
        }
        unverified.add(c);
      }
      Collections.reverse(unverified);
      List<Map.Entry<String, VerifiedCache.Entry>> done = new ArrayList<>();
      Set<ObjectId> onMain = unverified.isEmpty() ? Set.of() : mainCommits(reader);
      Map<String, ArtifactPointer> pointers = new HashMap<>();
      for (RevCommit c : unverified) {
        String problem;
        String principal = null;
        String trustId = null;
        try {
          Trailers t = Trailers.of(c);
          String catalog = t.get(Trailers.CATALOG);
          if (c.getRawGpgSignature() == null) {
            problem = "is not signed";
          } else if (catalog == null || !ObjectId.isId(catalog)) {
            problem = "names no Registry-Catalog commit of main, so no trusted signers apply (it was not written by the registry)";
          } else if (!onMain.contains(ObjectId.fromString(catalog))) {
            problem = "names catalogue commit " + catalog + ", which is not on branch main";
          } else {
            TrustedSigners signers = signersAt(reader, w.parseCommit(ObjectId.fromString(catalog)));
            trustId = signers.id();
            SignatureCheck.Outcome o = signatures.check(repo, c, signers);
            problem = o.ok() ? honesty(reader, environment, c, t, pointers) : o.problem();
            principal = o.principal();
          }
        } catch (RegistryException e) {
          problem = "cannot be read as a registry change: " + e.getMessage();
        }
        if (problem != null) {
          cache.addAll(done);
          throw new UntrustedHistoryException(environment, c.name(), problem);
        }
        done.add(entry(c, trustId, principal));
      }
      cache.addAll(done);
      return new EnvironmentBranch(environment, reader, w.parseCommit(tipId), cache);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch " + environment + ": " + e.getMessage(), e);
    }
  }

  /** Null if the commit changes exactly the record its trailers name, and the record is true. */
  private String honesty(ObjectReader reader, String environment, RevCommit c, Trailers t, Map<String, ArtifactPointer> pointers)
      throws IOException {
    ModelName model;
    ModelVersion version;
    try {
      model = ModelName.of(t.get(Trailers.MODEL));
      version = ModelVersion.of(t.get(Trailers.VERSION));
    } catch (InvalidInputException e) {
      return "has no valid Registry-Model and Registry-Version trailers";
    }
    String expected = RegistryFormat.environmentRecord(environment, model);
    List<String> changed = changedPaths(reader, c);
    if (!changed.equals(List.of(expected))) {
      return "says it changes " + expected + " but changes " + (changed.isEmpty() ? "nothing" : String.join(", ", changed));
    }
    try (TreeWalk tw = TreeWalk.forPath(reader, expected, c.getTree())) {
      if (tw == null) {
        return "removes " + expected;
      }
      EnvironmentRecord record =
          SafeMapper.read(reader.open(tw.getObjectId(0)).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES), EnvironmentRecord.class, expected, false);
      if (!record.model().equals(model.value()) || !record.version().equals(version.value())) {
        return "says " + model + " " + version + " but its record names " + record.model() + " " + record.version();
      }
      String key = model + " " + version;
      ArtifactPointer pointer = pointers.get(key);
      if (pointer == null) {
        try {
          pointer = registry.catalog(cat -> cat.pointer(model, version));
        } catch (UnknownVersionException e) {
          return "names " + key + ", which is not registered on main";
        }
        pointers.put(key, pointer);
      }
      if (!pointer.sha256().equals(record.sha256())) {
        return "records sha256 " + record.sha256().hex() + " for " + key + ", but its registered artifact has "
            + pointer.sha256().hex();
      }
    }
    return null;
  }

  private static List<String> changedPaths(ObjectReader reader, RevCommit c) throws IOException {
    List<String> out = new ArrayList<>();
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.setRecursive(true);
      if (c.getParentCount() == 0) {
        tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
      } else {
        try (RevWalk w = new RevWalk(reader)) {
          tw.addTree(w.parseCommit(c.getParent(0)).getTree());
        }
      }
      tw.addTree(c.getTree());
      tw.setFilter(TreeFilter.ANY_DIFF);
      while (tw.next()) {
        out.add(tw.getPathString());
      }
    }
    return out;
  }

  private Set<ObjectId> mainCommits(ObjectReader reader) throws IOException {
    Set<ObjectId> ids = new HashSet<>();
    try (RevWalk w = new RevWalk(reader)) {
      w.setRetainBody(false);
      w.markStart(w.parseCommit(registry.tip(RegistryFormat.MAIN)));
      for (RevCommit c : w) {
        ids.add(c.copy());
      }
    }
    return ids;
  }

  /** The trusted signers in {@code registry.yaml} at a commit of main. */
  TrustedSigners signersAt(ObjectReader reader, RevCommit mainCommit) throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(reader, RegistryFormat.POLICY_FILE, mainCommit.getTree())) {
      if (tw == null) {
        return new TrustedSigners(List.of());
      }
      ObjectId blob = tw.getObjectId(0);
      TrustedSigners s = signersByPolicyBlob.get(blob);
      if (s == null) {
        Policy p = SafeMapper.read(reader.open(blob).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES), Policy.class,
            RegistryFormat.POLICY_FILE + " at " + mainCommit.name(), false);
        s = new TrustedSigners(p.signers());
        signersByPolicyBlob.put(blob.copy(), s);
      }
      return s;
    }
  }

  private static Map.Entry<String, VerifiedCache.Entry> entry(RevCommit c, String trust, String principal) {
    return new AbstractMap.SimpleEntry<>(c.name(), new VerifiedCache.Entry(trust, principal == null ? "-" : principal));
  }
}
