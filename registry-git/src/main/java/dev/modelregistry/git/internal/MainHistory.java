package dev.modelregistry.git.internal;

import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Branch {@code main}'s first-parent history, oldest first, with the policy in force at each
 * commit. The policy is judged in order: a commit that changes {@code registry.yaml} brings its
 * policy into force only if it is signed by a signer trusted by the policy in force before it (and,
 * where that policy asks for it, approved by other trusted signers); otherwise the policy before it
 * stays in force and the state says which commit is not. So an unsigned push that lowers a gate is
 * never used, and a commit that goes back to the policy in force (a revert) ends such a state.
 *
 * <p>A registry with no trusted signer (created by {@code register}) has no root of trust: its
 * policy may change unsigned, since nothing can be promoted in it, and its first signer comes only
 * from an adoption ({@code Registry-Action: adopt}, signed by the key it names).
 *
 * <p>A signer limited by a role ({@code roles:}, such as {@code rollback}) counts as no signer for
 * a change of the policy and for an approval of one: a rollback-only key cannot widen its own
 * rights, add a signer, or help another change into force.
 *
 * <p>Each commit's position in the chain orders catalogues: an environment commit names a catalogue
 * no older than its parent's. The chain is remembered in this user's {@link LocalState} and
 * extended by the commits that are new; a rewritten main is read again from its root.
 */
public final class MainHistory {
  public static final String ADOPT = "adopt";
  public static final String APPROVE_POLICY = "approve-policy";

  /**
   * Where the chain is remembered; the number changes with the line format or the rules of judging
   * (2: with removals; 3: signers' roles, so a chain judged before roles existed is judged again).
   */
  public static final String FILE = "main-history-3";

  /** Whether the {@code registry.yaml} at a commit is the policy in force. */
  public enum State {
    /** It is. */
    TRUSTED,
    /** A change that no trusted signer signed is in the file; the policy before it is in force. */
    UNTRUSTED,
    /**
     * A signed change waits for the approvals its policy requires; the policy before it is in
     * force.
     */
    PENDING
  }

  /**
   * One commit of main, judged.
   *
   * @param policyBlob {@code registry.yaml} at this commit
   * @param inForce the blob of the policy in force here (the last change that came into force)
   * @param change for {@link State#UNTRUSTED} and {@link State#PENDING}: the commit whose change is
   *     not in force
   * @param approvers for {@link State#PENDING}: who approved that change so far
   * @param principal the trusted signer of this commit where its signature was checked, else null
   * @param registers the version directories ({@code model/version}) this commit added, from the
   *     trees
   * @param removes the version directories this commit removed (a collection by {@code gc}, or a
   *     removal by hand, which verify reports), from the trees
   */
  public record Entry(
      ObjectId commit,
      int position,
      ObjectId policyBlob,
      ObjectId inForce,
      State state,
      ObjectId change,
      List<String> approvers,
      String principal,
      List<String> registers,
      List<String> removes) {}

  private final Repository repo;
  private final Path file; // null: kept in memory only (verify)
  private final Function<ObjectId, Policy> policies;
  private final SignatureCheck signatures;

  /**
   * The remembered lines not yet parsed into {@link #entries}: positions below {@code
   * remembered.size()} are read from there, on demand, into {@link #parsed}; {@link #entries} and
   * the maps hold the positions after them. Null once everything is parsed.
   */
  private HistoryLines remembered;

  private Entry[] parsed;
  private int searches;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<ObjectId, Entry> byCommit = new HashMap<>();
  private final Map<String, Entry> byRegistration = new HashMap<>();
  private final Map<String, Entry> byRemoval = new HashMap<>();
  private boolean loaded;
  private boolean unbelievedLines; // the file holds lines after the last one believed

  /**
   * Searches of the remembered text after which it is cheaper to parse it all once: a walk over
   * many commits (a rewritten main, a full audit) then looks each one up in a map.
   */
  private static final int SEARCHES_BEFORE_PARSING_ALL = 16;

  /**
   * @param stateDir where the judged chain is remembered; null to judge everything afresh
   * @param policies parses the policy in a {@code registry.yaml} blob (refusing a malformed one)
   */
  public MainHistory(
      Repository repo,
      Path stateDir,
      Function<ObjectId, Policy> policies,
      SignatureCheck signatures) {
    this.repo = repo;
    this.file = stateDir == null ? null : stateDir.resolve(FILE);
    this.policies = policies;
    this.signatures = signatures;
  }

  /**
   * The entry of {@code commit} if it is on main's first-parent chain as last brought up to date.
   */
  public synchronized Entry entry(ObjectId commit) {
    Entry later = byCommit.get(commit);
    if (later != null || remembered == null) {
      return later;
    }
    if (searchedEnough()) {
      return byCommit.get(commit);
    }
    int position = remembered.positionOf(commit.name());
    return position < 0 ? null : rememberedAt(position);
  }

  /** The first commit of the chain that added {@code model/version}'s directory, if any did. */
  public synchronized Entry registration(String modelSlashVersion) {
    if (remembered != null && !searchedEnough()) {
      int position = remembered.firstRegistration(modelSlashVersion);
      if (position >= 0) {
        return rememberedAt(position); // earlier than any entry judged since
      }
    }
    return byRegistration.get(modelSlashVersion);
  }

  /**
   * The last commit of the chain that removed {@code model/version}'s directory, if any did and it
   * was not added again since.
   */
  public synchronized Entry removal(String modelSlashVersion) {
    Entry later = byRemoval.get(modelSlashVersion);
    if (later != null
        || remembered == null
        || byRegistration.containsKey(modelSlashVersion) // added again since
        || searchedEnough()) {
      return later != null ? later : byRemoval.get(modelSlashVersion);
    }
    int position = remembered.lastChange(modelSlashVersion);
    Entry last = position < 0 ? null : rememberedAt(position);
    return last == null || last.registers().contains(modelSlashVersion) ? null : last;
  }

  /** Every entry, oldest first (a copy: for the rare question that needs them all). */
  public synchronized List<Entry> entries() {
    parseAll();
    return List.copyOf(entries);
  }

  /** The entry at {@code position} in the chain. */
  public synchronized Entry entryAt(int position) {
    int base = rememberedSize();
    return position < base ? rememberedAt(position) : entries.get(position - base);
  }

  /** The tip as last brought up to date, or null. */
  public synchronized Entry tip() {
    int size = rememberedSize() + entries.size();
    return size == 0 ? null : entryAt(size - 1);
  }

  private int rememberedSize() {
    return remembered == null ? 0 : remembered.size();
  }

  private Entry rememberedAt(int position) {
    Entry e = parsed[position];
    if (e == null) {
      e = parse(remembered.line(position));
      if (e == null || e.position() != position) { // HistoryLines counts only lines parse() reads
        throw new IllegalStateException(
            FILE + " line of position " + position + " passed its check but does not parse");
      }
      parsed[position] = e;
    }
    return e;
  }

  /** Counts a search of the remembered text; true once they are all parsed instead. */
  private boolean searchedEnough() {
    if (++searches <= SEARCHES_BEFORE_PARSING_ALL) {
      return false;
    }
    parseAll();
    return true;
  }

  /**
   * Parses every remembered line into {@link #entries} and the maps, keeping the entries already
   * parsed (callers compare them by identity).
   */
  private void parseAll() {
    if (remembered == null) {
      return;
    }
    List<Entry> later = new ArrayList<>(entries);
    int size = remembered.size();
    entries.clear();
    byCommit.clear();
    byRegistration.clear();
    byRemoval.clear();
    List<Entry> all = new ArrayList<>(size + later.size());
    for (int p = 0; p < size; p++) {
      all.add(rememberedAt(p));
    }
    all.addAll(later);
    remembered = null;
    parsed = null;
    all.forEach(this::add);
  }

  /** The policy in force at {@code entry}: its trusted signers, gates, approvals. */
  public Policy policyInForce(Entry entry) {
    return entry.inForce() == null ? Policy.defaults(List.of()) : policies.apply(entry.inForce());
  }

  /** Judges the commits of main up to {@code tip} that are not yet judged. */
  public synchronized void update(ObjectReader reader, ObjectId tip) {
    load();
    if (tip == null || tip() != null && tip().commit().equals(tip)) {
      return;
    }
    try (RevWalk w = new RevWalk(reader)) {
      w.setFirstParent(true);
      w.markStart(w.parseCommit(tip));
      List<RevCommit> fresh = new ArrayList<>();
      Entry known = null;
      for (RevCommit c : w) {
        Entry last = tip();
        known = last != null && last.commit().equals(c) ? last : entry(c);
        if (known != null) {
          break;
        }
        fresh.add(c);
      }
      boolean rewritten = known == null ? tip() != null : known != tip();
      if (rewritten) { // main was rewound or rewritten: what follows the last common commit is gone
        truncate(known == null ? 0 : known.position() + 1);
      }
      Collections.reverse(fresh);
      List<Entry> added = new ArrayList<>();
      try (RevWalk parents = new RevWalk(reader)) {
        for (RevCommit c : fresh) {
          Entry e = judge(reader, parents, c, tip());
          add(e);
          added.add(e);
        }
      }
      save(added, rewritten);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch main: " + e.getMessage(), e);
    }
  }

  private Entry judge(ObjectReader reader, RevWalk parents, RevCommit c, Entry before)
      throws IOException {
    RevCommit full = parents.parseCommit(c);
    int position = before == null ? 0 : before.position() + 1;
    ObjectId blob = policyBlob(reader, full);
    Trailers t = Trailers.of(full);
    String action = t.get(Trailers.ACTION);
    VersionChanges changes =
        versionChanges(
            reader,
            full.getParentCount() == 0 ? null : parents.parseCommit(full.getParent(0)),
            full);
    List<String> registers = changes.added();
    List<String> removes = changes.removed();
    if (before == null) { // the root: its policy is where trust starts (verify can pin it)
      return new Entry(
          full.copy(),
          position,
          blob,
          blob,
          State.TRUSTED,
          null,
          List.of(),
          rootSigner(full, blob),
          registers,
          removes);
    }
    if (java.util.Objects.equals(blob, before.policyBlob())) {
      if (APPROVE_POLICY.equals(action) && before.state() == State.PENDING) {
        return approval(full, t, before, position, registers, removes);
      }
      return new Entry(
          full.copy(),
          position,
          blob,
          before.inForce(),
          before.state(),
          before.change(),
          before.approvers(),
          null,
          registers,
          removes);
    }
    if (java.util.Objects.equals(
        blob, before.inForce())) { // back to the policy in force (a revert): nothing new to trust
      return new Entry(
          full.copy(),
          position,
          blob,
          before.inForce(),
          State.TRUSTED,
          null,
          List.of(),
          null,
          registers,
          removes);
    }
    Policy inForce = policyInForce(before);
    if (inForce.signers().isEmpty()) {
      return unrooted(full, action, blob, before, position, registers, removes);
    }
    SignatureCheck.Outcome o = signatures.check(repo, full, TrustedSigners.of(inForce));
    if (!o.ok() || !inForce.may(o.principal(), SignedAction.CHANGE_POLICY) || !readable(blob)) {
      return new Entry(
          full.copy(),
          position,
          blob,
          before.inForce(),
          State.UNTRUSTED,
          full.copy(),
          List.of(),
          null,
          registers,
          removes);
    }
    if (inForce.policyChanges().requiredApprovals() > 0) {
      return new Entry(
          full.copy(),
          position,
          blob,
          before.inForce(),
          State.PENDING,
          full.copy(),
          List.of(),
          o.principal(),
          registers,
          removes);
    }
    return new Entry(
        full.copy(),
        position,
        blob,
        blob,
        State.TRUSTED,
        null,
        List.of(),
        o.principal(),
        registers,
        removes);
  }

  /**
   * A change in a registry without signers: allowed unsigned unless it names signers, which only an
   * adoption may.
   */
  private Entry unrooted(
      RevCommit c,
      String action,
      ObjectId blob,
      Entry before,
      int position,
      List<String> registers,
      List<String> removes) {
    Policy next = readable(blob) ? policies.apply(blob) : null;
    boolean trusted = next != null && next.signers().isEmpty();
    String principal = null;
    if (next != null && !next.signers().isEmpty() && ADOPT.equals(action)) {
      SignatureCheck.Outcome o = signatures.check(repo, c, TrustedSigners.of(next));
      trusted = o.ok() && next.may(o.principal(), SignedAction.CHANGE_POLICY);
      principal = o.principal();
    }
    return trusted
        ? new Entry(
            c.copy(),
            position,
            blob,
            blob,
            State.TRUSTED,
            null,
            List.of(),
            principal,
            registers,
            removes)
        : new Entry(
            c.copy(),
            position,
            blob,
            before.inForce(),
            State.UNTRUSTED,
            c.copy(),
            List.of(),
            null,
            registers,
            removes);
  }

  /**
   * An approval of the pending policy change: counted if it changes nothing and comes from another
   * trusted signer.
   */
  private Entry approval(
      RevCommit c,
      Trailers t,
      Entry before,
      int position,
      List<String> registers,
      List<String> removes)
      throws IOException {
    Policy inForce = policyInForce(before);
    Entry pending = entry(before.change());
    boolean valid =
        before.change().name().equals(t.get(Trailers.APPROVES))
            && c.getParentCount() == 1
            && sameTree(c)
            && pending != null;
    SignatureCheck.Outcome o = valid ? signatures.check(repo, c, TrustedSigners.of(inForce)) : null;
    if (o == null
        || !o.ok()
        || !inForce.may(o.principal(), SignedAction.APPROVE)
        || o.principal().equals(pending.principal())
        || before.approvers().contains(o.principal())) {
      return new Entry(
          c.copy(),
          position,
          before.policyBlob(),
          before.inForce(),
          before.state(),
          before.change(),
          before.approvers(),
          null,
          registers,
          removes); // an approval that does not count changes nothing
    }
    TreeSet<String> approvers = new TreeSet<>(before.approvers());
    approvers.add(o.principal());
    if (approvers.size() >= inForce.policyChanges().requiredApprovals()) {
      return new Entry(
          c.copy(),
          position,
          before.policyBlob(),
          before.policyBlob(),
          State.TRUSTED,
          null,
          List.of(),
          o.principal(),
          registers,
          removes);
    }
    return new Entry(
        c.copy(),
        position,
        before.policyBlob(),
        before.inForce(),
        State.PENDING,
        before.change(),
        List.copyOf(approvers),
        o.principal(),
        registers,
        removes);
  }

  /** The version directories ({@code model/version}) a commit adds and removes. */
  public record VersionChanges(List<String> added, List<String> removed) {}

  /**
   * The version directories {@code c} adds to and removes from its first parent's catalogue: a walk
   * of the two trees that enters only {@code models/} and the model directories that differ, and
   * lists their new and gone entries; it never reads a version's files.
   */
  public static VersionChanges versionChanges(ObjectReader reader, RevCommit parent, RevCommit c)
      throws IOException {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.setRecursive(false);
      tw.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
      if (parent == null) {
        tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
      } else {
        tw.addTree(parent.getTree());
      }
      tw.addTree(c.getTree());
      while (tw.next()) {
        int depth = tw.getDepth();
        boolean models = depth == 0 && tw.getNameString().equals(RegistryFormat.MODELS_DIR);
        boolean tree =
            org.eclipse.jgit.lib.FileMode.TREE.equals(tw.getRawMode(0))
                || org.eclipse.jgit.lib.FileMode.TREE.equals(tw.getRawMode(1));
        String key =
            depth == 2
                ? tw.getPathString().substring(RegistryFormat.MODELS_DIR.length() + 1)
                : null;
        if (tree
            && (models
                || depth == 1 && tw.getPathString().startsWith(RegistryFormat.MODELS_DIR + "/"))) {
          tw.enterSubtree();
        } else if (depth == 2 && tw.isSubtree() && tw.getRawMode(0) == 0) {
          added.add(key);
        } else if (depth == 2
            && org.eclipse.jgit.lib.FileMode.TREE.equals(tw.getRawMode(0))
            && tw.getRawMode(1) == 0) {
          removed.add(key);
        }
      }
    }
    return new VersionChanges(List.copyOf(added), List.copyOf(removed));
  }

  private boolean sameTree(RevCommit c) throws IOException {
    try (RevWalk w = new RevWalk(repo)) {
      return w.parseCommit(c.getParent(0)).getTree().equals(c.getTree());
    }
  }

  private String rootSigner(RevCommit root, ObjectId blob) {
    if (root.getRawGpgSignature() == null || blob == null || !readable(blob)) {
      return null;
    }
    Policy p = policies.apply(blob);
    if (p.signers().isEmpty()) {
      return null;
    }
    SignatureCheck.Outcome o = signatures.check(repo, root, TrustedSigners.of(p));
    return o.ok() && p.may(o.principal(), SignedAction.CHANGE_POLICY) ? o.principal() : null;
  }

  private boolean readable(ObjectId blob) {
    if (blob == null) {
      return false;
    }
    try {
      policies.apply(blob);
      return true;
    } catch (RegistryException e) {
      return false; // a malformed policy cannot come into force, however well it is signed
    }
  }

  public static ObjectId policyBlob(ObjectReader reader, RevCommit c) throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(reader, RegistryFormat.POLICY_FILE, c.getTree())) {
      return tw == null ? null : tw.getObjectId(0).copy();
    }
  }

  private void add(Entry e) {
    entries.add(e);
    byCommit.put(e.commit(), e);
    e.registers().forEach(r -> byRegistration.putIfAbsent(r, e));
    e.removes().forEach(r -> byRemoval.put(r, e));
    e.registers().forEach(r -> byRemoval.remove(r)); // added again: no longer removed
  }

  private void truncate(int size) {
    parseAll();
    while (entries.size() > size) {
      Entry gone = entries.remove(entries.size() - 1);
      byCommit.remove(gone.commit());
      gone.registers().forEach(r -> byRegistration.remove(r, gone));
      if (!gone.removes().isEmpty() || !gone.registers().isEmpty()) {
        rebuildRemovals(); // rare (main rewound): an earlier removal may be the last one again
      }
    }
  }

  private void rebuildRemovals() {
    byRemoval.clear();
    for (Entry e : entries) {
      e.removes().forEach(r -> byRemoval.put(r, e));
      e.registers().forEach(byRemoval::remove);
    }
  }

  // ---- remembering: one line per commit, "<pos> <commit> <blob> <in force> <state> <change>
  // <approvers> <principal> <registers> <removes>"

  private void load() {
    if (loaded) {
      return;
    }
    loaded = true;
    if (file == null || !Files.exists(file)) {
      return;
    }
    // parsed line by line as asked: most commands read only the tip, the root and a few versions
    remembered = HistoryLines.read(file);
    parsed = new Entry[remembered.size()];
    unbelievedLines = !remembered.whole();
  }

  static Entry parse(String line) {
    String[] p = line.split(" ");
    if (p.length != 10 || p[1].length() != 40) {
      return null;
    }
    try {
      State state =
          switch (p[4]) {
            case "T" -> State.TRUSTED;
            case "U" -> State.UNTRUSTED;
            case "P" -> State.PENDING;
            default -> throw new IllegalArgumentException(p[4]);
          };
      return new Entry(
          ObjectId.fromString(p[1]),
          Integer.parseInt(p[0]),
          id(p[2]),
          id(p[3]),
          state,
          id(p[5]),
          p[6].equals("-") ? List.of() : List.of(p[6].split(",")),
          p[7].equals("-") ? null : p[7],
          p[8].equals("-") ? List.of() : List.of(p[8].split(",")),
          p[9].equals("-") ? List.of() : List.of(p[9].split(",")));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ObjectId id(String s) {
    return s.equals("-") ? null : ObjectId.fromString(s);
  }

  private static String format(Entry e) {
    return e.position()
        + " "
        + e.commit().name()
        + " "
        + name(e.policyBlob())
        + " "
        + name(e.inForce())
        + " "
        + e.state().name().charAt(0)
        + " "
        + name(e.change())
        + " "
        + (e.approvers().isEmpty() ? "-" : String.join(",", e.approvers()))
        + " "
        + (e.principal() == null ? "-" : e.principal())
        + " "
        + (e.registers().isEmpty() ? "-" : String.join(",", e.registers()))
        + " "
        + (e.removes().isEmpty() ? "-" : String.join(",", e.removes()))
        + "\n";
  }

  private static String name(ObjectId id) {
    return id == null ? "-" : id.name();
  }

  private void save(List<Entry> added, boolean rewritten) {
    if (file == null || added.isEmpty() && !rewritten) {
      return;
    }
    try {
      if (rewritten || unbelievedLines) { // lines after a garbled one would never be read
        parseAll();
        unbelievedLines = false;
        StringBuilder all = new StringBuilder();
        entries.forEach(e -> all.append(format(e)));
        Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
        Files.writeString(tmp, all, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        StringBuilder lines = new StringBuilder();
        added.forEach(e -> lines.append(format(e)));
        LocalState.appendLines(file, lines);
      }
    } catch (IOException e) {
      // remembering saves time only: the next run judges these commits again
    }
  }

  /** Reads a policy blob, for callers that build a {@link MainHistory}. */
  public static Policy readPolicy(ObjectReader reader, ObjectId blob) {
    try {
      return SafeMapper.read(
          reader.open(blob).getCachedBytes(SafeMapper.MAX_DOCUMENT_BYTES),
          Policy.class,
          RegistryFormat.POLICY_FILE + " (blob " + blob.abbreviate(8).name() + ")",
          false);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read " + RegistryFormat.POLICY_FILE + ": " + e.getMessage(), e);
    }
  }
}
