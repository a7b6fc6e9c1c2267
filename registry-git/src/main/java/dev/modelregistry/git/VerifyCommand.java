package dev.modelregistry.git;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.ChecksumLine;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Checks the whole registry, for CI: every commit on each environment (and promotion) branch signed
 * by a key trusted at that commit, with the approvals its policy required; trust changes on main
 * signed by a key trusted before them; registered files never changed; every pointer's artifact
 * present with the right size and sha256; every object reachable from every ref readable and well
 * formed (what {@code git fsck} finds). Reports every finding, trusting nothing remembered.
 */
public final class VerifyCommand {
  private final Registry registry;
  private boolean artifactsInEnvironmentsOnly;
  private String pinnedRoot;
  private java.nio.file.Path tipsFile;
  private dev.modelregistry.model.Policy policy;
  private Progress progress = (phase, done, total) -> {};

  /** Told how far a long verification has come. */
  @FunctionalInterface
  public interface Progress {
    void at(String phase, long done, long total);
  }

  VerifyCommand(Registry registry) {
    this.registry = registry;
  }

  /** Read only the artifacts that some environment runs or ran (faster); default: every version's. */
  public VerifyCommand artifactsInEnvironmentsOnly(boolean only) {
    this.artifactsInEnvironmentsOnly = only;
    return this;
  }

  /**
   * Pins the registry's root of trust: the id of its first commit (as {@code init} printed it; at
   * least 7 hex digits) or, as {@code SHA256:...}, the fingerprint of the key that signed that
   * commit. A registry whose history starts anywhere else (rewritten under a new root, or another
   * registry at this URL) is a finding, however well it is signed.
   */
  public VerifyCommand pinnedRoot(String root) {
    this.pinnedRoot = root == null || root.isBlank() ? null : root.strip();
    return this;
  }

  /**
   * A file of the branch tips a previous run saw (a CI job keeps it between runs; absent the first
   * time). A branch whose tip then is no longer in its history was rewound or rewritten: a finding.
   * The file is then updated with this run's tips, except for rewound branches, which stay findings
   * until someone who checked the new history removes their line.
   */
  public VerifyCommand tipsFile(java.nio.file.Path file) {
    this.tipsFile = file;
    return this;
  }

  public VerifyCommand progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /** One problem: where it is and what to do about it. */
  public record Finding(String where, String commit, String problem, String fix) {
    @Override
    public String toString() {
      return where + (commit == null ? "" : " @ " + commit.substring(0, 12)) + ": " + problem + "\n    fix: " + fix;
    }
  }

  /** Everything verify found, and what it looked at. */
  public record Report(List<Finding> findings, int commits, int versions, int artifacts, long objects) {
    public boolean clean() {
      return findings.isEmpty();
    }

    public String summary() {
      return (clean() ? "Registry verified: " : "Registry NOT verified: " + findings.size() + " finding(s); ")
          + commits + " commits, " + versions + " versions, " + artifacts + " artifacts, " + objects + " objects checked.";
    }
  }

  /** A finding if the registry's root of trust (its signed first commit, or its adoption) is not the pinned one. */
  private java.util.Optional<Finding> rootProblem(TrustVerifier trust, ObjectReader reader) throws IOException {
    MainHistory.Entry root = null;
    for (MainHistory.Entry e : trust.mainHistory().entries()) {
      if (!trust.policyInForce(e).signers().isEmpty()) {
        root = e;
        break;
      }
    }
    String fix = "Check registry.url: this may be another registry. If the registry was knowingly re-created, pin its new"
        + " root (the commit id init printed, or the fingerprint of the key that signed it) after checking it out of band.";
    if (root == null) {
      return java.util.Optional.of(new Finding("main", null, "trusts no signer: the registry has no root of trust to match"
          + " the pinned " + pinnedRoot, "Adopt it (init with your signing key on this registry), then pin what it prints."));
    }
    if (pinnedRoot.startsWith("SHA256:")) {
      try (RevWalk w = new RevWalk(reader)) {
        RevCommit first = w.parseCommit(root.commit());
        SignatureCheck.Outcome o = trust.signatures().check(registry.repository(), first,
            new TrustedSigners(trust.policyInForce(root).signers()));
        if (o.problem() == null && pinnedRoot.equals(o.fingerprint())) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Finding("main (root of trust)", root.commit().name(), "is signed by "
            + (o.fingerprint() == null ? "no trusted key (" + o.problem() + ")" : "key " + o.fingerprint())
            + ", not by the pinned key " + pinnedRoot, fix));
      }
    }
    if (!pinnedRoot.matches("[0-9a-fA-F]{7,40}")) {
      return java.util.Optional.of(new Finding("registry.root", null, "'" + pinnedRoot + "' is neither a commit id (7 to 40 hex"
          + " digits) nor a key fingerprint (SHA256:...)", "Pin the id init printed, or the signing key's SHA256 fingerprint."));
    }
    if (root.commit().name().startsWith(pinnedRoot.toLowerCase(java.util.Locale.ROOT))) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Finding("main (root of trust)", root.commit().name(), "is not the pinned root " + pinnedRoot
        + ": the registry's history starts elsewhere (rewritten under a new root, or another registry)", fix));
  }

  /** A finding if main's registry.yaml holds a change that no trusted signer made (the policy in force is the one before it). */
  private java.util.Optional<Finding> policyProblem(TrustVerifier trust, Snapshot s) {
    MainHistory.Entry tip = trust.mainHistory().tip();
    if (tip == null || tip.state() != MainHistory.State.UNTRUSTED) {
      return java.util.Optional.empty();
    }
    String c = tip.change().name();
    return java.util.Optional.of(new Finding("main: " + RegistryFormat.POLICY_FILE, c, "was changed by a commit that "
        + trust.notInForce(tip, s.walk) + "; that policy is not in force, and promotions, approvals and registrations are"
        + " refused until it is undone", "git revert " + c + " and push (no signature needed to go back to the policy in"
        + " force); if the change was meant, have a trusted signer commit it signed"));
  }

  /** Findings for branches whose tip in the CI's tips file is no longer in their history; then the file is brought up to date. */
  private void rewinds(TrustVerifier trust, ObjectReader reader, List<Finding> findings) throws IOException {
    TipJournal journal = TipJournal.at(tipsFile);
    String root = trust.rootCommit();
    if (journal.root() != null && !journal.root().equals(root)) {
      findings.add(new Finding("main (first commit)", root, "is not the first commit of the registry the last run verified ("
          + journal.root() + "): the registry was re-created or replaced", "if that was deliberate, delete " + tipsFile
          + " after checking the new registry out of band (and pin its root)"));
      return;
    }
    if (journal.root() == null) {
      journal.startOver(root);
    }
    java.util.Map<String, String> seen = new java.util.TreeMap<>(journal.read());
    java.util.Map<String, String> next = new java.util.TreeMap<>(seen);
    List<String> branches = new ArrayList<>();
    branches.add(RegistryFormat.MAIN);
    for (Ref r : registry.repository().getRefDatabase().getRefsByPrefix(org.eclipse.jgit.lib.Constants.R_HEADS)) {
      String b = org.eclipse.jgit.lib.Repository.shortenRefName(r.getName());
      if (!b.startsWith("promotion/") && !b.equals(RegistryFormat.MAIN)) {
        branches.add(b);
      }
    }
    for (String b : seen.keySet()) {
      if (!branches.contains(b)) {
        branches.add(b); // deleted since: a rewind too
      }
    }
    for (String b : branches) {
      ObjectId tip = registry.tip(b);
      int before = findings.size();
      trust.rewritten(journal, b, tip, reader, "remove the line '" + b + "=...' from " + tipsFile + " after checking the new"
          + " history (git log " + b + ")");
      if (findings.size() == before && tip != null) {
        next.put(b, tip.name());
      }
    }
    journal.write(next);
  }

  public Report call() {
    List<Finding> findings = new ArrayList<>();
    int commits;
    int versions = 0;
    Set<String> referenced = new LinkedHashSet<>();
    try (Snapshot s = Snapshot.take(registry)) {
      TrustVerifier trust = TrustVerifier.collecting(registry, f -> findings.add(trustFinding(f)));
      progress.at("signatures", 0, 1);
      trust.verifyMain(s.reader);
      if (tipsFile != null) {
        rewinds(trust, s.reader, findings);
      }
      if (pinnedRoot != null) {
        rootProblem(trust, s.reader).ifPresent(findings::add);
      }
      policyProblem(trust, s).ifPresent(findings::add);
      policy = trust.policyInForce(trust.mainHistory().tip()); // judged afresh: verify relies on no cache
      for (String env : policy.environments().keySet()) {
        ObjectId tip = registry.tip(RegistryFormat.environmentBranch(env));
        if (tip != null && !trust.rewritten(env, tip, s.reader)) {
          trust.verifyBranch(env, env, tip, s.reader);
          referenced.addAll(versionsIn(s, env, tip));
        }
      }
      for (Ref proposal : registry.repository().getRefDatabase().getRefsByPrefix("refs/heads/promotion/")) {
        String env = envOf(s, proposal);
        if (env != null) {
          trust.verifyBranch(env, org.eclipse.jgit.lib.Repository.shortenRefName(proposal.getName()), proposal.getObjectId(), s.reader, true);
        }
      }
      commits = trust.cache().size() + trust.mainHistory().entries().size();
      progress.at("signatures", 1, 1);
      immutability(s, trust, findings);
      List<Registered> readable = new ArrayList<>();
      for (ModelName m : s.catalog.models()) {
        for (ModelVersion v : s.catalog.versions(m)) {
          versions++;
          ArtifactPointer p = consistency(s, m, v, findings);
          if (p != null) {
            readable.add(new Registered(m, v, p));
          }
        }
      }
      int artifacts = artifacts(s, readable, referenced, findings);
      long objects = objects(findings);
      lockFiles(findings);
      Report report = new Report(findings, commits, versions, artifacts, objects);
      LastVerify.record(registry, report);
      return report;
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read the registry at " + registry.directory() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A stale ref lock file blocks every change of its ref while fsck finds nothing wrong. Younger
   * ones are writers at work, not findings: verify runs beside promotions in CI.
   */
  private void lockFiles(List<Finding> findings) {
    for (RefLockFile f : registry.refLockFiles()) {
      if (f.stale()) {
        findings.add(new Finding("lock file " + f.file(), null, "left since " + f.since().truncatedTo(ChronoUnit.SECONDS)
            + " (" + RefLocks.span(f.age()) + ") by a writer that did not finish; it blocks " + f.blocks(), f.fix()));
      }
    }
  }

  private static Finding trustFinding(TrustVerifier.Finding f) {
    return new Finding("branch " + f.branch(), f.commit(), f.problem(),
        "find out who wrote it (git show " + f.commit().substring(0, 12) + "); redo a legitimate change through the"
            + " registry with a trusted key, or restore the registry from a backup");
  }

  private String envOf(Snapshot s, Ref proposal) throws IOException {
    RevCommit c = s.walk.parseCommit(proposal.getObjectId());
    String env = Trailers.of(c).get(Trailers.ENVIRONMENT);
    return env != null && policy.environments().containsKey(env) ? env : null;
  }

  /** {@code model/version} of every record an environment branch ever held. */
  private static Set<String> versionsIn(Snapshot s, String env, ObjectId tip) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    try (RevWalk w = new RevWalk(s.reader)) {
      w.markStart(w.parseCommit(tip));
      for (RevCommit c : w) {
        Trailers t = Trailers.of(c);
        if (t.get(Trailers.MODEL) != null && t.get(Trailers.VERSION) != null) {
          out.add(t.get(Trailers.MODEL) + "/" + t.get(Trailers.VERSION));
        }
      }
    }
    return out;
  }

  /** Registered files are added once and never changed or removed (a failure mark likewise). */
  private void immutability(Snapshot s, TrustVerifier trust, List<Finding> findings) throws IOException {
    List<RevCommit> history = new ArrayList<>();
    try (RevWalk w = new RevWalk(s.reader)) {
      w.markStart(w.parseCommit(s.mainTip));
      w.forEach(history::add);
    }
    int done = 0;
    for (RevCommit c : history) {
      if (++done % 500 == 0) {
        progress.at("immutability", done, history.size());
      }
      if (c.getParentCount() == 0) {
        continue;
      }
      try (TreeWalk tw = new TreeWalk(s.reader)) {
        tw.setRecursive(true);
        tw.addTree(s.walk.parseCommit(c.getParent(0)).getTree());
        tw.addTree(c.getTree());
        tw.setFilter(org.eclipse.jgit.treewalk.filter.AndTreeFilter.create(PathFilter.create(RegistryFormat.MODELS_DIR), TreeFilter.ANY_DIFF));
        boolean registers = false;
        while (tw.next()) {
          boolean existed = !tw.getObjectId(0).equals(ObjectId.zeroId());
          registers |= !existed && tw.getNameString().equals(RegistryFormat.ARTIFACT_FILE);
          if (existed) {
            findings.add(new Finding(tw.getPathString(), c.name(),
                (tw.getObjectId(1).equals(ObjectId.zeroId()) ? "removed" : "changed") + " after it was registered; registered files are immutable",
                "restore the file from before " + c.name().substring(0, 12) + " with a new commit (git show "
                    + c.getParent(0).name().substring(0, 12) + ":" + tw.getPathString() + "), and find out who changed it"));
          }
        }
        if (registers) {
          unsignedRegistration(trust, c).ifPresent(findings::add);
        }
      }
    }
  }

  /** A finding if {@code c} registers versions unsigned while the policy in force before it requires signed registrations. */
  private java.util.Optional<Finding> unsignedRegistration(TrustVerifier trust, RevCommit c) {
    MainHistory.Entry e = trust.mainHistory().entry(c);
    if (e == null || e.position() == 0) {
      return java.util.Optional.empty(); // off main's chain: its merge into main is judged instead
    }
    dev.modelregistry.model.Policy before = trust.policyBefore(e);
    if (!before.registrations().signed()) {
      return java.util.Optional.empty();
    }
    SignatureCheck.Outcome o = trust.signatures().check(registry.repository(), c, new TrustedSigners(before.signers()));
    return o.ok() ? java.util.Optional.empty() : java.util.Optional.of(new Finding("main", c.name(), "registers versions and "
        + o.problem() + ", but the policy requires signed registrations", "register those models again, signed, under new"
        + " versions; then mark these versions failed"));
  }

  /** A registered version whose pointer could be read. */
  private record Registered(ModelName model, ModelVersion version, ArtifactPointer pointer) {}

  /**
   * Checks that checksum.sha256 and metadata.yaml agree with artifact.yaml and the directory's name;
   * returns the pointer (its artifact is checked even if the rest of the directory is damaged), or
   * null if the pointer itself cannot be read. A finding says what is wrong.
   */
  private static ArtifactPointer consistency(Snapshot s, ModelName m, ModelVersion v, List<Finding> findings) {
    String dir = RegistryFormat.versionDir(m, v);
    ArtifactPointer p = null;
    try {
      p = s.catalog.pointer(m, v);
      ModelMetadata meta = s.catalog.metadata(m, v);
      byte[] sum = s.catalog.file(RegistryFormat.versionFile(m, v, RegistryFormat.CHECKSUM_FILE)).orElse(null);
      if (sum == null || !ChecksumLine.parse(new String(sum, StandardCharsets.UTF_8)).equals(new ChecksumLine(p.sha256(), p.fileName()))) {
        findings.add(new Finding(dir + "/" + RegistryFormat.CHECKSUM_FILE, null, "does not match artifact.yaml",
            "restore both files from the registration commit (git log -- " + dir + ")"));
      }
      if (!m.value().equals(meta.model()) || !v.value().equals(meta.version())) {
        findings.add(new Finding(dir + "/" + RegistryFormat.METADATA_FILE, null,
            "names " + meta.model() + " " + meta.version(), "restore it from the registration commit"));
      }
    } catch (RegistryException e) {
      findings.add(new Finding(dir, null, "cannot be read: " + e.getMessage().lines().findFirst().orElse(""),
          "restore the version directory from its registration commit or from a backup"));
    }
    return p;
  }

  private int artifacts(Snapshot s, List<Registered> readable, Set<String> referenced, List<Finding> findings) {
    List<Registered> todo = readable.stream()
        .filter(r -> !artifactsInEnvironmentsOnly || referenced.contains(r.model() + "/" + r.version()))
        .toList();
    ArtifactStore store = registry.storeFor(policy);
    int done = 0;
    for (Registered r : todo) {
      progress.at("artifacts", done++, todo.size());
      ArtifactPointer p = r.pointer();
      String mv = r.model() + " " + r.version();
      try (InputStream in = store.openVerified(p)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (ChecksumMismatchException e) {
        findings.add(new Finding("artifact of " + mv, null,
            "sha256 " + (e.actual() == null ? "(longer than registered)" : e.actual().hex()) + " but registered " + p.sha256().hex()
                + " at " + store.describe(p),
            "if the version is live, roll back first; then install -m 444 a copy whose sha256 is " + p.sha256().hex()
                + " at " + store.describe(p) + ", or register the model again under a new version"));
      } catch (RegistryException e) {
        findings.add(new Finding("artifact of " + mv, null, e.getMessage().lines().findFirst().orElse(""),
            "install -m 444 a copy whose sha256 is " + p.sha256().hex() + " at " + store.describe(p)
                + ", or register the model again under a new version"));
      } catch (IOException e) {
        throw new RegistryUnavailableException("Cannot read " + store.describe(p) + ": " + e.getMessage(), e);
      }
    }
    progress.at("artifacts", todo.size(), todo.size());
    return todo.size();
  }

  /** Every object reachable from every ref is present and well formed. */
  private long objects(List<Finding> findings) throws IOException {
    ObjectChecker checker = new ObjectChecker();
    long count = 0;
    try (ObjectReader reader = registry.repository().newObjectReader(); ObjectWalk walk = new ObjectWalk(reader)) {
      for (Ref r : registry.repository().getRefDatabase().getRefs()) {
        if (r.getObjectId() != null) {
          try {
            walk.markStart(walk.parseAny(r.getObjectId()));
          } catch (MissingObjectException e) {
            findings.add(new Finding("ref " + r.getName(), r.getObjectId().name(), "points to a missing object", "restore from a backup"));
          }
        }
      }
      try {
        for (RevObject o = walk.next(); o != null; o = walk.next()) {
          count += check(reader, checker, o, findings);
        }
        for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
          count += check(reader, checker, o, findings);
        }
      } catch (MissingObjectException e) {
        findings.add(new Finding("object database", e.getObjectId().name(), "object is missing", "restore from a backup"));
      }
    }
    return count;
  }

  private static int check(ObjectReader reader, ObjectChecker checker, RevObject o, List<Finding> findings) throws IOException {
    try {
      ObjectLoader l = reader.open(o);
      if (o.getType() != Constants.OBJ_BLOB) {
        checker.check(o, o.getType(), l.getCachedBytes());
      } else {
        l.getSize();
      }
    } catch (CorruptObjectException e) {
      findings.add(new Finding("object database", o.name(), "malformed object: " + e.getMessage(), "restore from a backup"));
    } catch (MissingObjectException e) {
      findings.add(new Finding("object database", o.name(), "object is missing", "restore from a backup"));
    }
    return 1;
  }

}
