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
  private final Map<ObjectId, Policy> policyByBlob = new HashMap<>();
  private final java.util.function.Consumer<Finding> findings;
  private Catalog mainCatalog;

  /** A verifier that refuses at the first problem and remembers what it verified. */
  TrustVerifier(Registry registry) {
    this(registry, registry.verifiedCache(), null);
  }

  /**
   * A verifier that reports every problem to {@code findings} and trusts nothing remembered (for
   * {@code verify}: a cache could have been written by anyone with access to the disk).
   */
  static TrustVerifier collecting(Registry registry, java.util.function.Consumer<Finding> findings) {
    return new TrustVerifier(registry, VerifiedCache.inMemory(), findings);
  }

  private TrustVerifier(Registry registry, VerifiedCache cache, java.util.function.Consumer<Finding> findings) {
    this.registry = registry;
    this.repo = registry.repository();
    this.cache = cache;
    this.findings = findings;
    this.signatures = new SignatureCheck(registry.cacheDirectory().resolve("trust"));
  }

  VerifiedCache cache() {
    return cache;
  }

  /** Checks records against this catalogue of main's tip (the operation's own), not a second copy of it. */
  TrustVerifier using(Catalog catalogOfMainTip) {
    this.mainCatalog = catalogOfMainTip;
    return this;
  }

  /** Refuses (the default), or hands the problem to {@link #findings} when collecting for verify. */
  private void report(String branch, String commit, String problem) {
    if (findings == null) {
      throw new UntrustedHistoryException(branch, commit, problem);
    }
    findings.accept(new Finding(branch, commit, null, problem));
  }

  /** One problem found on a branch: where, and what. */
  record Finding(String branch, String commit, String file, String problem) {}

  /** Verifies main's trust chain up to its tip. */
  void verifyMain(ObjectReader reader) {
    ObjectId mainTip = registry.tip(RegistryFormat.MAIN);
    if (rewritten(RegistryFormat.MAIN, mainTip, reader)) {
      return;
    }
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
            done.add(entry(full, MAIN_TRUST, "root", false));
            continue;
          }
          TrustedSigners before = signersAt(reader, parents.parseCommit(full.getParent(0)));
          if (now.equals(before)) {
            done.add(entry(full, MAIN_TRUST, "-", false));
            continue;
          }
          boolean firstSigner = before.lines().isEmpty() && now.lines().size() == 1;
          SignatureCheck.Outcome o = signatures.check(repo, full, firstSigner ? now : before);
          if (!o.ok()) {
            cache.addAll(done);
            report(RegistryFormat.MAIN, full.name(), "changes the trusted signers and " + o.problem()
                + (firstSigner ? "" : " by its parent's registry.yaml"));
            return;
          }
          done.add(entry(full, MAIN_TRUST, o.principal(), false));
        }
      }
      cache.addAll(done);
      if (findings == null) {
        registry.tipJournal().record(RegistryFormat.MAIN, mainTip.name());
      }
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
    String branch = RegistryFormat.environmentBranch(environment);
    if (!rewritten(branch, tipId, reader)) {
      verifyBranch(environment, branch, tipId, reader);
      if (findings == null) {
        registry.tipJournal().record(branch, tipId.name());
      }
    }
    try (RevWalk w = new RevWalk(reader)) {
      return new EnvironmentBranch(environment, reader, w.parseCommit(tipId), cache);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch " + environment + ": " + e.getMessage(), e);
    }
  }

  /** True (after reporting it) if the branch no longer contains the tip last verified here. */
  boolean rewritten(String branch, ObjectId tip, ObjectReader reader) {
    String last = registry.tipJournal().read().get(branch);
    if (last == null || last.equals(tip.name())) {
      return false;
    }
    try (RevWalk w = new RevWalk(reader)) {
      ObjectId old = ObjectId.fromString(last);
      boolean contained = reader.has(old) && w.isMergedInto(w.parseCommit(old), w.parseCommit(tip));
      if (!contained) {
        report(branch, tip.name(), "does not contain " + last + ", the tip verified here before: the branch's history was"
            + " rewritten (force-push or reset). If that was deliberate, an administrator deletes "
            + registry.cacheDirectory().resolve("tips") + " after checking the new history");
        return true;
      }
      return false;
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch " + branch + ": " + e.getMessage(), e);
    }
  }

  /**
   * Verifies the commits of {@code branch} (an environment branch, or a promotion branch on its way
   * into {@code environment}) that are not yet remembered. With {@code pendingReview}, a promotion
   * may still lack approvals (it is on a promotion branch, waiting for them).
   */
  void verifyBranch(String environment, String branch, ObjectId tipId, ObjectReader reader) {
    verifyBranch(environment, branch, tipId, reader, false);
  }

  void verifyBranch(String environment, String branch, ObjectId tipId, ObjectReader reader, boolean pendingReview) {
    try (RevWalk w = new RevWalk(reader)) {
      w.markStart(w.parseCommit(tipId));
      List<RevCommit> unverified = new ArrayList<>();
      for (RevCommit c : w) {
        if (cache.get(c.name()) != null) {
          break; // a remembered commit was verified with everything below it
        }
        unverified.add(c);
      }
      Collections.reverse(unverified); // parents before children
      List<Map.Entry<String, VerifiedCache.Entry>> done = new ArrayList<>();
      MainLine onMain = new MainLine(reader, registry.tip(RegistryFormat.MAIN));
      Map<String, ArtifactPointer> pointers = new HashMap<>();
      Map<String, String> principals = new HashMap<>();
      for (int i = 0; i < unverified.size(); i++) {
        RevCommit c = unverified.get(i);
        String problem;
        String principal = null;
        String trustId = null;
        boolean approval = false;
        try {
          Trailers t = Trailers.of(c);
          approval = c.getParentCount() == 1 && "approve".equals(t.get(Trailers.ACTION));
          String catalog = t.get(Trailers.CATALOG);
          if (c.getParentCount() > 1) {
            problem = mergeProblem(reader, w, c);
            principal = "merge";
            trustId = "merge";
          } else if (c.getRawGpgSignature() == null) {
            problem = "is not signed";
          } else if (catalog == null || !ObjectId.isId(catalog)) {
            problem = "names no Registry-Catalog commit of main, so no trusted signers apply (it was not written by the registry)";
          } else if (!onMain.contains(ObjectId.fromString(catalog))) {
            problem = "names catalogue commit " + catalog + ", which is not on branch main";
          } else {
            RevCommit catalogCommit = w.parseCommit(ObjectId.fromString(catalog));
            TrustedSigners signers = signersAt(reader, catalogCommit);
            trustId = signers.id();
            SignatureCheck.Outcome o = signatures.check(repo, c, signers);
            principal = o.principal();
            if (!o.ok()) {
              problem = o.problem();
            } else if (approval) {
              problem = approvalProblem(reader, c, t, principal, principals);
            } else {
              problem = honesty(reader, environment, c, t, pointers);
              if (problem == null && "promote".equals(t.get(Trailers.ACTION)) && !pendingReview) {
                int required = policyAt(reader, catalogCommit).environment(environment).requiredApprovals();
                problem = approvalsMissing(c, principal, required, unverified.subList(i + 1, unverified.size()));
              }
            }
          }
        } catch (RegistryException e) {
          problem = "cannot be read as a registry change: " + e.getMessage();
        }
        if (problem != null) {
          cache.addAll(done);
          report(branch, c.name(), problem);
          return;
        }
        principals.put(c.name(), principal);
        done.add(entry(c, trustId, principal, approval));
      }
      cache.addAll(done);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch " + branch + ": " + e.getMessage(), e);
    }
  }

  /** A merge made by a forge is accepted only if it adds nothing: its tree is its second parent's. */
  private static String mergeProblem(ObjectReader reader, RevWalk w, RevCommit c) throws IOException {
    RevCommit second = w.parseCommit(c.getParent(1));
    if (c.getParentCount() != 2 || !c.getTree().equals(second.getTree()) || !w.isMergedInto(w.parseCommit(c.getParent(0)), second)) {
      return "is a merge that changes content (only a merge whose result is its reviewed promotion branch is accepted)";
    }
    return null;
  }

  /** Null if an approval changes nothing, approves a promotion below it, and is not by the promoter. */
  private String approvalProblem(ObjectReader reader, RevCommit c, Trailers t, String approver, Map<String, String> principals)
      throws IOException {
    if (!changedPaths(reader, c).isEmpty()) {
      return "is an approval that changes files";
    }
    String approves = t.get(Trailers.APPROVES);
    if (approves == null || !ObjectId.isId(approves)) {
      return "is an approval that names no promotion (Registry-Approves)";
    }
    String promoter = principals.get(approves);
    if (promoter == null) {
      VerifiedCache.Entry e = cache.get(approves);
      promoter = e == null ? null : e.principal();
    }
    if (promoter == null) {
      return "approves " + approves + ", which is not a verified promotion below it";
    }
    if (promoter.equals(approver)) {
      return "is a self-approval: " + approver + " approved their own promotion " + approves.substring(0, 12);
    }
    return null;
  }

  /** Null if {@code promotion} is followed by {@code required} approvals from distinct signers other than its author. */
  private static String approvalsMissing(RevCommit promotion, String promoter, int required, List<RevCommit> after) {
    if (required == 0) {
      return null;
    }
    Set<String> approvers = new java.util.TreeSet<>();
    for (RevCommit c : after) {
      if (c.getParentCount() > 1) {
        continue;
      }
      Trailers t = Trailers.of(c);
      if (!"approve".equals(t.get(Trailers.ACTION))) {
        break;
      }
      if (promotion.name().equals(t.get(Trailers.APPROVES))) {
        approvers.add(c.getCommitterIdent().getEmailAddress());
      }
    }
    boolean selfApproved = approvers.remove(promoter);
    if (approvers.size() < required) {
      return "is a promotion with " + approvers.size() + " of the " + required + " approval(s) its policy requires"
          + (approvers.isEmpty() ? "" : " (approved by " + String.join(", ", approvers) + ")")
          + (selfApproved ? "; the self-approval by its author " + promoter + " does not count" : "");
    }
    return null;
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
          if (mainCatalog == null) { // one catalogue for the whole run: its version index is built once
            try (RevWalk w = new RevWalk(reader)) {
              mainCatalog = new Catalog(reader, w.parseCommit(registry.tip(RegistryFormat.MAIN)), registry.parsed());
            }
          }
          pointer = mainCatalog.pointer(model, version);
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

  /**
   * Which commits are on main, found by walking main from its tip only as far as the questions
   * need: a new promotion names a catalogue commit near the tip, so checking it reads a few
   * commits, not all of main's (one per registered version).
   */
  private static final class MainLine {
    private final RevWalk walk;
    private final Set<ObjectId> seen = new HashSet<>();
    private boolean exhausted;

    MainLine(ObjectReader reader, ObjectId tip) throws IOException {
      walk = new RevWalk(reader);
      walk.setRetainBody(false);
      if (tip == null) {
        exhausted = true;
      } else {
        walk.markStart(walk.parseCommit(tip));
      }
    }

    boolean contains(ObjectId id) throws IOException {
      if (seen.contains(id)) {
        return true;
      }
      while (!exhausted) {
        RevCommit c = walk.next();
        if (c == null) {
          exhausted = true;
          walk.close();
        } else {
          seen.add(c.copy());
          if (c.equals(id)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** The trusted signers in {@code registry.yaml} at a commit of main. */
  TrustedSigners signersAt(ObjectReader reader, RevCommit mainCommit) throws IOException {
    Policy p = policyAt(reader, mainCommit);
    return new TrustedSigners(p == null ? List.of() : p.signers());
  }

  /** The policy at a commit of main (null if it has none), read once per distinct file. */
  Policy policyAt(ObjectReader reader, RevCommit mainCommit) throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(reader, RegistryFormat.POLICY_FILE, mainCommit.getTree())) {
      if (tw == null) {
        return null;
      }
      ObjectId blob = tw.getObjectId(0);
      Policy p = policyByBlob.get(blob);
      if (p == null) {
        p = SafeMapper.read(reader.open(blob).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES), Policy.class,
            RegistryFormat.POLICY_FILE + " at " + mainCommit.name(), false);
        policyByBlob.put(blob.copy(), p);
      }
      return p;
    }
  }

  private static Map.Entry<String, VerifiedCache.Entry> entry(RevCommit c, String trust, String principal, boolean approval) {
    return new AbstractMap.SimpleEntry<>(c.name(), new VerifiedCache.Entry(trust, principal == null ? "-" : principal,
        c.getParentCount() == 0 ? "-" : c.getParent(0).name(), c.getCommitTime(), approval));
  }
}
