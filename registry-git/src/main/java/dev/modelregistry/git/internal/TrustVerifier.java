package dev.modelregistry.git.internal;

import dev.modelregistry.git.errors.UntrustedHistoryException;
import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.EnvironmentPolicy;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Decides whether branches can be trusted, and remembers what it decided ({@link VerifiedCache}).
 *
 * <ul>
 *   <li>On {@code main}, the policy is judged in order ({@link MainHistory}): a change of {@code
 *       registry.yaml} is in force only if a signer trusted by the policy before it signed it.
 *   <li>On an environment branch, every commit names in {@code Registry-Catalog} a commit of main's
 *       chain no older than the one its parent named; it is signed by a signer trusted by the
 *       policy in force at that commit; it changes exactly the record its trailers name; the record
 *       names a registered version with its registered sha256; a promotion passes, recomputed, the
 *       gates of that policy on the version's registered files, with the approvals it requires; a
 *       rollback brings back a record that was live before, or a version not failed. A record
 *       edited by hand, or signed by a trusted key to skip a gate or a review, fails one of these.
 *   <li>A signer limited by a role ({@code roles:}) signs only what the role allows ({@link
 *       RoleCheck}): a rollback-only key's promotion or approval is refused as an untrusted
 *       signature is, its rollback must go down the promotion stack, and its approval never counts.
 * </ul>
 */
public final class TrustVerifier {
  private final RegistryContext registry;
  private final Repository repo;
  private final VerifiedCache cache;
  private final SignatureCheck signatures;
  private final java.util.function.Consumer<Finding> findings;
  private final MainHistory main;
  private final Registrations registrations;
  private final Map<ObjectId, Catalog> catalogs = new HashMap<>();
  private final Map<String, EnvironmentBranch> verified = new HashMap<>();
  private final Set<String> verifying = new HashSet<>();
  private ObjectReader reader;

  /**
   * A verifier that refuses at the first problem and remembers what it verified: the registry's own
   * judged main and registrations, shared by its operations.
   */
  public TrustVerifier(RegistryContext registry) {
    this(registry, registry.verifiedCache(), null, registry.mainHistory(), registry.signatures());
  }

  /**
   * A verifier that reports every problem to {@code findings} and trusts nothing remembered (for
   * {@code verify}: a cache is only as safe as the disk it is on).
   */
  public static TrustVerifier collecting(
      RegistryContext registry, java.util.function.Consumer<Finding> findings) {
    SignatureCheck signatures = registry.signatures();
    return new TrustVerifier(
        registry,
        VerifiedCache.inMemory(),
        findings,
        new MainHistory(registry.repository(), null, registry::policyOfBlob, signatures),
        signatures);
  }

  private TrustVerifier(
      RegistryContext registry,
      VerifiedCache cache,
      java.util.function.Consumer<Finding> findings,
      MainHistory main,
      SignatureCheck signatures) {
    this.registry = registry;
    this.repo = registry.repository();
    this.cache = cache;
    this.findings = findings;
    this.signatures = signatures;
    this.main = main;
    this.registrations =
        findings == null ? registry.registrations() : new Registrations(repo, main);
  }

  public VerifiedCache cache() {
    return cache;
  }

  public MainHistory mainHistory() {
    return main;
  }

  public Registrations registrations() {
    return registrations;
  }

  public SignatureCheck signatures() {
    return signatures;
  }

  /**
   * Refuses (the default), or hands the problem to {@link #findings} when collecting for verify.
   */
  private void report(String branch, String commit, String problem) {
    if (findings == null) {
      throw new UntrustedHistoryException(branch, commit, problem);
    }
    findings.accept(new Finding(branch, commit, null, problem));
  }

  /** One problem found on a branch: where, and what. */
  public record Finding(String branch, String commit, String file, String problem) {}

  /**
   * Brings main's judged history up to its tip, refusing a main rewound or rewritten behind this
   * machine's back. A main with another first commit is another registry at the same place (one
   * re-created at the same path): the tips seen of the old one are dropped, not held against it.
   * Pinning the root in verify is what tells a replaced registry from the one meant.
   */
  public void verifyMain(ObjectReader reader) {
    this.reader = reader;
    ObjectId mainTip = registry.tip(RegistryFormat.MAIN);
    main.update(reader, mainTip);
    TipJournal journal = registry.tipJournal();
    String root = main.entryAt(0).commit().name();
    if (!root.equals(journal.root())) {
      journal.startOver(root);
    } else if (rewritten(RegistryFormat.MAIN, mainTip, reader)) {
      return;
    }
    if (findings == null) {
      journal.record(RegistryFormat.MAIN, mainTip.name());
    }
  }

  /** The first commit of main's chain. */
  public String rootCommit() {
    return main.entryAt(0).commit().name();
  }

  /** The judged entry of main's tip. */
  public MainHistory.Entry mainTip(ObjectReader reader) {
    verifyMain(reader);
    return main.tip();
  }

  /** The policy in force at a commit of main's chain. */
  public Policy policyInForce(MainHistory.Entry at) {
    return main.policyInForce(at);
  }

  /** What keeps the change named by {@code tip} (untrusted or pending) out of force, in words. */
  public String notInForce(MainHistory.Entry tip, RevWalk walk) {
    MainHistory.Entry change = main.entry(tip.change());
    Policy before = policyInForce(main.entryAt(change.position() - 1));
    if (tip.state() == MainHistory.State.PENDING) {
      int required = before.policyChanges().requiredApprovals();
      return "awaits approval: "
          + tip.approvers().size()
          + " of the "
          + required
          + " approval(s) from trusted signers other than"
          + " its author ("
          + change.principal()
          + ") that the policy in force requires"
          + (tip.approvers().isEmpty()
              ? ""
              : "; approved by " + String.join(", ", tip.approvers()));
    }
    if (before.signers().isEmpty()) {
      return "adds trusted signers to a registry that has no root of trust: only an adoption (init with a key on this"
          + " registry) may name its first signer";
    }
    try {
      TrustedSigners signers = TrustedSigners.of(before);
      SignatureCheck.Outcome o = signatures.check(repo, walk.parseCommit(tip.change()), signers);
      if (o.ok() && !signers.may(o.principal(), SignedAction.CHANGE_POLICY)) {
        return "is signed by "
            + RoleCheck.limited(o.principal(), signers.rolesOf(o.principal()))
            + " (judged by the policy in force before it)";
      }
      return o.ok()
          ? "does not hold a readable policy"
          : o.problem() + " (judged by the policy in force before it)";
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read commit " + tip.change().name() + ": " + e.getMessage(), e);
    }
  }

  /** Verifies an environment branch (and main's chain) and returns it for reading. */
  public EnvironmentBranch verifyEnvironment(String environment, ObjectReader reader) {
    EnvironmentBranch done = verified.get(environment);
    if (done != null) {
      return done;
    }
    verifyMain(reader);
    ObjectId tipId = registry.tip(RegistryFormat.environmentBranch(environment));
    EnvironmentBranch branch;
    if (tipId == null) {
      // gone, or never there: only the tips seen tell a deleted branch from one not yet promoted
      // to, and a deleted production must not read as "nothing runs"
      rewritten(RegistryFormat.environmentBranch(environment), null, reader);
      branch = new EnvironmentBranch(environment, reader, null, cache);
    } else {
      String name = RegistryFormat.environmentBranch(environment);
      verifying.add(environment);
      try {
        if (!rewritten(name, tipId, reader)) {
          verifyBranch(environment, name, tipId, reader);
          if (findings == null) {
            registry.tipJournal().record(name, tipId.name());
          }
        }
      } finally {
        verifying.remove(environment);
      }
      try (RevWalk w = new RevWalk(reader)) {
        branch = new EnvironmentBranch(environment, reader, w.parseCommit(tipId), cache);
      } catch (IOException e) {
        throw new RegistryUnavailableException(
            "Cannot read branch " + environment + ": " + e.getMessage(), e);
      }
    }
    verified.put(environment, branch);
    return branch;
  }

  /** True (after reporting it) if the branch no longer contains the tip last verified here. */
  public boolean rewritten(String branch, ObjectId tip, ObjectReader reader) {
    return rewritten(
        registry.tipJournal(),
        branch,
        tip,
        reader,
        "an administrator deletes "
            + registry.stateDirectory().resolve("tips")
            + " after checking the new history");
  }

  /** As {@link #rewritten(String, ObjectId, ObjectReader)}, against the tips in {@code journal}. */
  public boolean rewritten(
      TipJournal journal, String branch, ObjectId tip, ObjectReader reader, String fix) {
    String last = journal.read().get(branch);
    if (last == null || tip != null && last.equals(tip.name())) {
      return false;
    }
    try (RevWalk w = new RevWalk(reader)) {
      ObjectId old = ObjectId.fromString(last);
      boolean contained =
          tip != null && reader.has(old) && w.isMergedInto(w.parseCommit(old), w.parseCommit(tip));
      if (!contained) {
        report(
            branch,
            tip == null ? last : tip.name(),
            (tip == null
                    ? "was deleted; its tip was " + last
                    : "does not contain " + last + ", the tip verified before")
                + ": the branch's history was rewritten"
                + " (force-push, reset or deletion). If that was deliberate, "
                + fix);
        return true;
      }
      return false;
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryUnavailableException(
          "Cannot read branch " + branch + ": " + e.getMessage(), e);
    }
  }

  /**
   * Verifies the commits of {@code branch} (an environment branch, or a promotion branch on its way
   * into {@code environment}) that are not yet remembered.
   */
  public void verifyBranch(String environment, String branch, ObjectId tipId, ObjectReader reader) {
    verifyBranch(environment, branch, tipId, reader, false);
  }

  /**
   * As above; with {@code pendingReview}, a promotion may still lack approvals (it is waiting for
   * them).
   */
  public void verifyBranch(
      String environment,
      String branch,
      ObjectId tipId,
      ObjectReader reader,
      boolean pendingReview) {
    this.reader = reader;
    verifyMain(reader);
    try (RevWalk w = new RevWalk(reader)) {
      w.markStart(w.parseCommit(tipId));
      List<RevCommit> unverified = new ArrayList<>();
      for (RevCommit c : w) {
        VerifiedCache.Entry known = cache.get(c.name());
        if (known != null && known.trustId().equals(trustStateOf(c))) {
          break; // a remembered commit was verified with everything below it, under these rules
        }
        unverified.add(c); // unknown, or remembered under other signers or roles: judged again
      }
      Collections.reverse(unverified); // parents before children
      List<Map.Entry<String, VerifiedCache.Entry>> done = new ArrayList<>();
      Map<String, String> principals = new HashMap<>();
      Map<ObjectId, Integer> catalogPositions = new HashMap<>();
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
          MainHistory.Entry at =
              catalog != null && ObjectId.isId(catalog)
                  ? main.entry(ObjectId.fromString(catalog))
                  : null;
          if (c.getParentCount() > 1) {
            problem = mergeProblem(w, c);
            principal = "merge";
            trustId = "merge";
          } else if (c.getRawGpgSignature() == null) {
            problem = "is not signed";
          } else if (catalog == null || !ObjectId.isId(catalog)) {
            problem =
                "names no Registry-Catalog commit of main, so no trusted signers apply (it was not written by the registry)";
          } else if (at == null) {
            problem = "names catalogue commit " + catalog + ", which is not on branch main";
          } else if ((problem = olderCatalogue(w, c, at, catalogPositions)) != null) {
            // named below
          } else {
            catalogPositions.put(c.copy(), at.position());
            Policy policy = policyInForce(at);
            TrustedSigners signers = TrustedSigners.of(policy);
            trustId = signers.trustState();
            SignatureCheck.Outcome o = signatures.check(repo, c, signers);
            principal = o.principal();
            if (!o.ok()) {
              problem = o.problem();
            } else if ((problem = roleProblem(environment, c, t, approval, signers, principal))
                != null) {
              // a rollback-only key's promotion, approval, or rollback off the stack: named above
            } else if (approval) {
              problem = approvalProblem(c, t, principal, principals);
            } else {
              problem = honesty(environment, c, t, at, policy);
              if (problem == null && "promote".equals(t.get(Trailers.ACTION)) && !pendingReview) {
                int required = policy.environment(environment).requiredApprovals();
                problem =
                    approvalsMissing(
                        c,
                        principal,
                        required,
                        unverified.subList(i + 1, unverified.size()),
                        signers);
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
      throw new RegistryUnavailableException(
          "Cannot read branch " + branch + ": " + e.getMessage(), e);
    }
  }

  /**
   * The trust state a commit is judged under (its catalogue's signers and roles), to match against
   * the one it was remembered under; null if it names no catalogue of main's chain (then it is
   * judged, and refused, again).
   */
  private String trustStateOf(RevCommit c) {
    if (c.getParentCount() > 1) {
      return "merge";
    }
    String catalog = Trailers.of(c).get(Trailers.CATALOG);
    MainHistory.Entry at =
        catalog != null && ObjectId.isId(catalog) ? main.entry(ObjectId.fromString(catalog)) : null;
    return at == null ? null : TrustedSigners.of(policyInForce(at)).trustState();
  }

  /**
   * Null unless {@code principal} is limited by a role that does not allow what {@code c} does on
   * the environment branch (judged against the branch as it was before {@code c}).
   */
  private String roleProblem(
      String environment,
      RevCommit c,
      Trailers t,
      boolean approval,
      TrustedSigners signers,
      String principal)
      throws IOException {
    if (signers.rolesOf(principal).isEmpty()) {
      return null; // full rights: the common case reads nothing more
    }
    try (RevWalk w = new RevWalk(reader)) {
      RevCommit parent = c.getParentCount() == 0 ? null : w.parseCommit(c.getParent(0));
      try (EnvironmentBranch before = new EnvironmentBranch(environment, reader, parent, cache)) {
        return RoleCheck.onEnvironment(signers, principal, t, approval, before);
      }
    }
  }

  /**
   * Null if {@code at} is no older than the catalogue {@code c}'s parent was checked against: an
   * environment commit never goes back to an older, looser policy (from before approvals were
   * required, say).
   */
  private String olderCatalogue(
      RevWalk w, RevCommit c, MainHistory.Entry at, Map<ObjectId, Integer> known)
      throws IOException {
    if (c.getParentCount() == 0) {
      return null;
    }
    int parent = catalogPosition(w, w.parseCommit(c.getParent(0)), known, 0);
    if (parent > at.position()) {
      return "names catalogue commit "
          + at.commit().name()
          + ", older than the one its parent "
          + c.getParent(0).name()
          + " was checked against ("
          + main.entryAt(parent).commit().name()
          + "): an environment commit is judged"
          + " by its parent's catalogue or a newer one, never an older policy";
    }
    return null;
  }

  /**
   * The position in main's chain of the catalogue an environment commit names (for a merge: the
   * newest of its parents').
   */
  private int catalogPosition(RevWalk w, RevCommit c, Map<ObjectId, Integer> known, int depth)
      throws IOException {
    Integer p = known.get(c);
    if (p != null) {
      return p;
    }
    if (c.getParentCount() > 1 && depth < 8) {
      int max = -1;
      for (RevCommit parent : c.getParents()) {
        max = Math.max(max, catalogPosition(w, w.parseCommit(parent), known, depth + 1));
      }
      return max;
    }
    String catalog = Trailers.of(c).get(Trailers.CATALOG);
    MainHistory.Entry e =
        catalog != null && ObjectId.isId(catalog) ? main.entry(ObjectId.fromString(catalog)) : null;
    return e == null ? -1 : e.position();
  }

  /**
   * A merge made by a forge is accepted only if it adds nothing: its tree is its second parent's.
   */
  private static String mergeProblem(RevWalk w, RevCommit c) throws IOException {
    RevCommit second = w.parseCommit(c.getParent(1));
    if (c.getParentCount() != 2
        || !c.getTree().equals(second.getTree())
        || !w.isMergedInto(w.parseCommit(c.getParent(0)), second)) {
      return "is a merge that changes content (only a merge whose result is its reviewed promotion branch is accepted)";
    }
    return null;
  }

  /**
   * Null if an approval changes nothing, approves a promotion below it, and is not by the promoter.
   */
  private String approvalProblem(
      RevCommit c, Trailers t, String approver, Map<String, String> principals) throws IOException {
    if (!changedPaths(c).isEmpty()) {
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
      return "is a self-approval: "
          + approver
          + " approved their own promotion "
          + approves.substring(0, 12);
    }
    return null;
  }

  /**
   * Null if {@code promotion} is followed by {@code required} approvals from distinct signers other
   * than its author who may approve (an approval by a rollback-only signer never counts).
   */
  private static String approvalsMissing(
      RevCommit promotion,
      String promoter,
      int required,
      List<RevCommit> after,
      TrustedSigners signers) {
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
    Set<String> limited = new java.util.TreeSet<>();
    approvers.removeIf(a -> !signers.may(a, SignedAction.APPROVE) && limited.add(a));
    if (approvers.size() < required) {
      return "is a promotion with "
          + approvers.size()
          + " of the "
          + required
          + " approval(s) its policy requires"
          + (approvers.isEmpty() ? "" : " (approved by " + String.join(", ", approvers) + ")")
          + (selfApproved
              ? "; the self-approval by its author " + promoter + " does not count"
              : "")
          + (limited.isEmpty()
              ? ""
              : "; the approval by "
                  + limited.stream()
                      .map(a -> RoleCheck.limited(a, signers.rolesOf(a)))
                      .collect(java.util.stream.Collectors.joining("; "))
                  + ", does not count");
    }
    return null;
  }

  /**
   * Null if the commit changes exactly the record its trailers name, and the record is true: it
   * names a version registered by its catalogue, with the registered sha256; a promotion's gates,
   * run again on the registered files under the policy in force at its catalogue, pass as the
   * record says; a rollback brings back a record that was live, or a version not marked failed.
   */
  private String honesty(
      String environment, RevCommit c, Trailers t, MainHistory.Entry at, Policy policy)
      throws IOException {
    ModelName model;
    ModelVersion version;
    try {
      model = ModelName.of(t.get(Trailers.MODEL));
      version = ModelVersion.of(t.get(Trailers.VERSION));
    } catch (InvalidInputException e) {
      return "has no valid Registry-Model and Registry-Version trailers";
    }
    if (!policy.environments().containsKey(environment)) {
      return "changes environment "
          + environment
          + ", which the policy in force at its catalogue does not declare";
    }
    String expected = RegistryFormat.environmentRecord(environment, model);
    List<String> changed = changedPaths(c);
    if (!changed.equals(List.of(expected))) {
      return "says it changes "
          + expected
          + " but changes "
          + (changed.isEmpty() ? "nothing" : String.join(", ", changed));
    }
    byte[] bytes;
    try (TreeWalk tw = TreeWalk.forPath(reader, expected, c.getTree())) {
      if (tw == null) {
        return "removes " + expected;
      }
      bytes = reader.open(tw.getObjectId(0)).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES);
    }
    EnvironmentRecord record = SafeMapper.read(bytes, EnvironmentRecord.class, expected, false);
    if (!record.model().equals(model.value()) || !record.version().equals(version.value())) {
      return "says "
          + model
          + " "
          + version
          + " but its record names "
          + record.model()
          + " "
          + record.version();
    }
    String key = model + " " + version;
    Registrations.Registered registered = registrations.find(reader, model, version).orElse(null);
    if (registered == null || registered.commit().position() > at.position()) {
      return "names "
          + key
          + ", which is not registered on main at its catalogue "
          + at.commit().name();
    }
    ArtifactPointer pointer = registrations.pointer(reader, registered);
    if (!pointer.sha256().equals(record.sha256())) {
      return "records sha256 "
          + record.sha256().hex()
          + " for "
          + key
          + ", but its registered artifact has "
          + pointer.sha256().hex();
    }
    Catalog catalog = catalogAt(at);
    Registrations.Files files = catalog.versionFiles(model, version);
    if (!registered.sameFiles(files)) {
      return "was judged on files of "
          + key
          + " that are not the ones its registration "
          + registered.commit().commit().name()
          + " wrote (changed by commit "
          + registrations.changedBy(reader, registered, at.commit())
          + ")";
    }
    String unsigned =
        registrations.signatureProblem(
            reader, registered, policyBefore(registered.commit()), signatures);
    if (unsigned != null) {
      return "names " + key + ", which " + unsigned;
    }
    String action = t.get(Trailers.ACTION);
    if ("promote".equals(action)) {
      return GateAudit.check(
          record,
          recomputedGates(
              policy.environment(environment), record, model, version, registered, files, c));
    }
    if ("rollback".equals(action)) {
      if (files.failed() != null) {
        return "rolls back to " + key + ", which was marked failed at its catalogue";
      }
      String reverts = t.get(Trailers.REVERTS);
      if (reverts != null) {
        return revertProblem(c, reverts, expected, bytes);
      }
      return null;
    }
    return "is a change of "
        + expected
        + " with action '"
        + action
        + "', which the registry does not write";
  }

  /**
   * Null if a rollback down the stack brings back exactly the record from before the promotion it
   * reverts.
   */
  private String revertProblem(RevCommit c, String reverts, String path, byte[] now)
      throws IOException {
    if (!ObjectId.isId(reverts)) {
      return "names no valid commit in Registry-Reverts";
    }
    try (RevWalk w = new RevWalk(reader)) {
      RevCommit reverted = w.parseCommit(ObjectId.fromString(reverts));
      if (!w.isMergedInto(reverted, w.parseCommit(c.getParent(0)))
          || reverted.getParentCount() == 0) {
        return "reverts " + reverts + ", which is not a promotion below it";
      }
      try (TreeWalk tw =
          TreeWalk.forPath(reader, path, w.parseCommit(reverted.getParent(0)).getTree())) {
        byte[] before =
            tw == null
                ? null
                : reader.open(tw.getObjectId(0)).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES);
        if (before == null || !Arrays.equals(before, now)) {
          return "says it reverts "
              + reverts.substring(0, 12)
              + " but does not bring back the record from before it";
        }
      }
    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
      return "reverts " + reverts + ", which is not in the registry";
    }
    return null;
  }

  /**
   * The environment's gates, run again as the promotion ran them, as of its time (artifact validity
   * aside).
   */
  private GateCheck.Report recomputedGates(
      EnvironmentPolicy envPolicy,
      EnvironmentRecord record,
      ModelName model,
      ModelVersion version,
      Registrations.Registered registered,
      Registrations.Files files,
      RevCommit promotion) {
    java.time.Instant when = java.time.Instant.ofEpochSecond(promotion.getCommitTime());
    return GateCheck.run(
        envPolicy.gates(),
        new GateCheck.Inputs(
            model,
            version,
            registrations.metadata(reader, registered),
            files.failed() == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(
                    Registrations.failure(reader, files.failed(), model, version)),
            () -> null,
            this::otherEnvironment,
            record.datasetsInForce(),
            !EnvironmentRecord.LENIENT.equals(record.datasetMode()),
            when));
  }

  /**
   * Another environment's branch, for a time-in gate: verified first, unless it is being verified
   * now (a cycle).
   */
  private EnvironmentBranch otherEnvironment(String name) {
    if (verifying.contains(name)) {
      ObjectId tip = registry.tip(RegistryFormat.environmentBranch(name));
      try (RevWalk w = new RevWalk(reader)) {
        return new EnvironmentBranch(name, reader, tip == null ? null : w.parseCommit(tip), cache);
      } catch (IOException e) {
        throw new RegistryUnavailableException(
            "Cannot read branch " + name + ": " + e.getMessage(), e);
      }
    }
    return verifyEnvironment(name, reader);
  }

  /** The policy in force just before a commit of main's chain (for the registration it makes). */
  public Policy policyBefore(MainHistory.Entry e) {
    return e.position() == 0 ? policyInForce(e) : policyInForce(main.entryAt(e.position() - 1));
  }

  /** The catalogue at a commit of main's chain, read once per verifier. */
  public Catalog catalogAt(MainHistory.Entry e) throws IOException {
    Catalog c = catalogs.get(e.commit());
    if (c == null) {
      if (catalogs.size() > 8) {
        catalogs.clear(); // catalogues are read in order; only the last few are asked again
      }
      try (RevWalk w = new RevWalk(reader)) {
        c = new Catalog(reader, w.parseCommit(e.commit()), registry.parsed());
      }
      catalogs.put(e.commit(), c);
    }
    return c;
  }

  private List<String> changedPaths(RevCommit c) throws IOException {
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

  private static Map.Entry<String, VerifiedCache.Entry> entry(
      RevCommit c, String trust, String principal, boolean approval) {
    return new AbstractMap.SimpleEntry<>(
        c.name(),
        new VerifiedCache.Entry(
            trust,
            principal == null ? "-" : principal,
            c.getParentCount() == 0 ? "-" : c.getParent(0).name(),
            c.getCommitTime(),
            approval));
  }
}
