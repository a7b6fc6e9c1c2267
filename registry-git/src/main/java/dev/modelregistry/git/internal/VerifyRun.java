package dev.modelregistry.git.internal;

import dev.modelregistry.model.Policy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of {@code verify}: what every check reads (the registry, one snapshot, a verifier that
 * trusts nothing remembered) and what they report to. Each check is a class of its own ({@code
 * ...Check}); this holds what they share, so that none of them is more than its own question.
 */
public final class VerifyRun {
  /** Told how far a long check has come. */
  @FunctionalInterface
  public interface Progress {
    void at(String phase, long done, long total);
  }

  private final RegistryContext registry;
  private final Snapshot snapshot;
  private final TrustVerifier trust;
  private final Progress progress;
  private final List<VerifyFinding> findings = new ArrayList<>();
  private final Set<String> referenced = new LinkedHashSet<>();
  private Policy policy;

  public VerifyRun(RegistryContext registry, Snapshot snapshot, Progress progress) {
    this.registry = registry;
    this.snapshot = snapshot;
    this.progress = progress;
    this.trust =
        TrustVerifier.collecting(
            registry,
            f ->
                findings.add(
                    new VerifyFinding(
                        "branch " + f.branch(),
                        f.commit(),
                        f.problem(),
                        "find out who wrote it (git show "
                            + f.commit().substring(0, 12)
                            + "); redo a legitimate change through"
                            + " the registry with a trusted key, or restore the registry from a backup")));
  }

  public RegistryContext registry() {
    return registry;
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  /** The verifier of this run: it remembers nothing from earlier runs. */
  public TrustVerifier trust() {
    return trust;
  }

  /** The policy in force at main's tip, as this run judged it (set once main is judged). */
  public Policy policy() {
    return policy;
  }

  void policy(Policy policy) {
    this.policy = policy;
  }

  public void progress(String phase, long done, long total) {
    progress.at(phase, done, total);
  }

  public void add(VerifyFinding finding) {
    findings.add(finding);
  }

  /** Everything found so far, in the order found. */
  public List<VerifyFinding> findings() {
    return findings;
  }

  /**
   * {@code model/version} of every record an environment ever held: the artifacts environments run
   * or ran.
   */
  public Set<String> referenced() {
    return referenced;
  }
}
