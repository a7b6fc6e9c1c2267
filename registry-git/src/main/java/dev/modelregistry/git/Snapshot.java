package dev.modelregistry.git;

import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The registry as one operation sees it: the tip of {@code main} (catalogue and policy) and the
 * verified environment branches it asks for. Writes of environment records go through here, so
 * every one names the catalogue commit it was checked against.
 */
final class Snapshot implements AutoCloseable {
  final Registry registry;
  final ObjectReader reader;
  final RevWalk walk;
  final RevCommit mainTip;
  final Catalog catalog;
  final TrustVerifier trust;
  private final Map<String, EnvironmentBranch> environments = new HashMap<>();

  private Snapshot(Registry registry, ObjectReader reader) throws IOException {
    this.registry = registry;
    this.reader = reader;
    this.walk = new RevWalk(reader);
    ObjectId main = registry.tip(RegistryFormat.MAIN);
    if (main == null) {
      throw new RegistryRefusedException(registry.directory() + " has no branch main: not a registry.");
    }
    this.mainTip = walk.parseCommit(main);
    this.catalog = new Catalog(reader, mainTip, registry.parsed());
    this.trust = new TrustVerifier(registry).using(catalog); // one version index per operation
  }

  static Snapshot take(Registry registry) {
    ObjectReader reader = registry.repository().newObjectReader();
    try {
      return new Snapshot(registry, reader);
    } catch (IOException e) {
      reader.close();
      throw new RegistryUnavailableException("Cannot read the registry at " + registry.directory() + ": " + e.getMessage(), e);
    }
  }

  Policy policy() {
    return catalog.policy();
  }

  /** An environment declared by the policy, verified (signatures, trust, honesty of records). */
  EnvironmentBranch environment(String name) {
    policy().environment(name);
    return environments.computeIfAbsent(name, n -> trust.verifyEnvironment(n, reader));
  }

  /** The signers trusted at the tip of main. */
  TrustedSigners signersNow() {
    try {
      trust.verifyMain(reader);
      return trust.signersAt(reader, mainTip);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read registry.yaml: " + e.getMessage(), e);
    }
  }

  /**
   * Inserts a signed commit on top of {@code parent} (null: the branch's first commit) that writes
   * the environment's record for {@code model}. The branch is not moved.
   */
  ObjectId commitRecord(
      String environment, RevCommit parent, ModelName model, String recordYaml, SigningIdentity who, Instant when,
      String subject, String body, Trailers trailers) {
    Trailers t = trailers.with(Trailers.ENVIRONMENT, environment).with(Trailers.CATALOG, mainTip.name());
    try (ObjectInserter ins = registry.repository().newObjectInserter()) {
      ObjectId tree = new TreeEdit()
          .put(RegistryFormat.environmentRecord(environment, model), recordYaml)
          .apply(reader, ins, parent == null ? null : parent.getTree());
      return BranchWriter.commit(registry.repository(), who.signer(), ins, tree, parent, who.person(when), t.message(subject, body));
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot write to the registry: " + e.getMessage(), e);
    }
  }

  /**
   * Inserts a commit on top of main's tip with {@code edit} applied, signed by {@code who}, and
   * moves main to it by compare-and-swap. Returns null if main moved since this snapshot.
   */
  ObjectId commitMain(TreeEdit edit, SigningIdentity who, Instant when, String subject, String body, Trailers trailers) {
    try (ObjectInserter ins = registry.repository().newObjectInserter()) {
      ObjectId tree = edit.apply(reader, ins, mainTip.getTree());
      ObjectId id = BranchWriter.commit(registry.repository(), who.signer(), ins, tree, mainTip, who.person(when),
          trailers.message(subject, body));
      return BranchWriter.compareAndSwap(registry.repository(), RegistryFormat.MAIN, mainTip, id, "registry: " + subject) ? id : null;
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot write to the registry: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    environments.values().forEach(EnvironmentBranch::close);
    walk.close();
    reader.close();
  }
}
