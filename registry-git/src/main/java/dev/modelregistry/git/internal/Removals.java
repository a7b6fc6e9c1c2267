package dev.modelregistry.git.internal;

import dev.modelregistry.git.signing.SignatureCheck;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Collected;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryUnavailableException;
import dev.modelregistry.model.SignedAction;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Version directories that left main: which commit removed one, and whether that removal is a
 * collection, that is a {@code gc} commit signed by a signer trusted by the policy in force before
 * it, that names the version in a {@code Registry-Collected} trailer and removes its whole
 * directory. Any other removal of registered files is tampering, which verify reports.
 */
public final class Removals {
  /** The action of a collection commit. */
  public static final String GC = "gc";

  private Removals() {}

  /** How {@code model version} left main's catalogue, if it did (and was not added back since). */
  public static Optional<Collected> of(Snapshot s, ModelName model, ModelVersion version) {
    String key = model.value() + "/" + version.value();
    MainHistory.Entry e = s.trustHistory().removal(key);
    if (e == null) {
      return Optional.empty();
    }
    try {
      RevCommit c = s.walk.parseCommit(e.commit());
      SignatureCheck.Outcome o = signature(s.trust, s.registry.repository(), e, c);
      boolean collected = o.ok() && collectedBy(c).contains(key);
      return Optional.of(
          new Collected(
              c.name(),
              Instant.ofEpochSecond(c.getCommitTime()),
              o.ok() ? o.principal() : c.getCommitterIdent().getEmailAddress(),
              collected));
    } catch (IOException ex) {
      throw new RegistryUnavailableException(
          "Cannot read commit " + e.commit().name() + ": " + ex.getMessage(), ex);
    }
  }

  /** The failure mark the version had when {@code removal} took it out of the catalogue. */
  public static Optional<dev.modelregistry.model.FailureMark> failureBefore(
      Snapshot s, Collected removal, ModelName model, ModelVersion version) {
    try {
      RevCommit c = s.walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(removal.commit()));
      if (c.getParentCount() == 0) {
        return Optional.empty();
      }
      Catalog before =
          new Catalog(s.reader, s.walk.parseCommit(c.getParent(0)), s.registry.parsed());
      return before.failure(model, version);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read commit " + removal.commit() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The version directories ({@code model/version}) that commit {@code c} of main's chain may
   * remove: for a trusted, signed collection, those it names and removes whole; else none.
   */
  public static Set<String> collectedBy(TrustVerifier trust, Repository repo, RevCommit c) {
    MainHistory.Entry e = trust.mainHistory().entry(c);
    if (e == null || e.position() == 0) {
      return Set.of(); // off main's chain (a merged branch: its merge is judged)
    }
    SignatureCheck.Outcome o = signature(trust, repo, e, c);
    if (!o.ok() || !trust.policyBefore(e).may(o.principal(), SignedAction.COLLECT)) {
      return Set.of(); // not trusted, or signed by a rollback-only key: no collection it may make
    }
    Set<String> named = collectedBy(c);
    named.retainAll(e.removes());
    return named;
  }

  /** The versions a {@code gc} commit's trailers name; none for any other commit. */
  private static Set<String> collectedBy(RevCommit c) {
    if (!GC.equals(Trailers.of(c).get(Trailers.ACTION))) {
      return new LinkedHashSet<>();
    }
    return new LinkedHashSet<>(Trailers.all(c, Trailers.COLLECTED));
  }

  private static SignatureCheck.Outcome signature(
      TrustVerifier trust, Repository repo, MainHistory.Entry e, RevCommit c) {
    return trust.signatures().check(repo, c, new TrustedSigners(trust.policyBefore(e).signers()));
  }
}
