package dev.modelregistry.git.internal;

import dev.modelregistry.git.errors.UnknownVersionException;
import dev.modelregistry.git.errors.UntrustedPolicyException;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
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
public final class Snapshot implements AutoCloseable {
  public final RegistryContext registry;
  public final ObjectReader reader;
  public final RevWalk walk;
  public final RevCommit mainTip;
  public final Catalog catalog;
  public final TrustVerifier trust;
  private final Map<String, EnvironmentBranch> environments = new HashMap<>();

  private Snapshot(RegistryContext registry, ObjectReader reader) throws IOException {
    this.registry = registry;
    this.reader = reader;
    this.walk = new RevWalk(reader);
    ObjectId main = registry.tip(RegistryFormat.MAIN);
    if (main == null) {
      throw new dev.modelregistry.git.errors.NoRegistryException(
          registry.location(),
          registry.location() + " has no branch main: not a registry. Create one with init.");
    }
    this.mainTip = walk.parseCommit(main);
    this.catalog = new Catalog(reader, mainTip, registry.parsed());
    this.trust = new TrustVerifier(registry);
  }

  public static Snapshot take(RegistryContext registry) {
    ObjectReader reader = registry.repository().newObjectReader();
    try {
      return new Snapshot(registry, reader);
    } catch (IOException e) {
      reader.close();
      throw PackCheck.unreadable(registry.repository(), registry.location(), e);
    }
  }

  private MainHistory.Entry mainEntry;

  /**
   * Main's tip, judged: which policy is in force there, and whether its {@code registry.yaml} is
   * it.
   */
  public MainHistory.Entry main() {
    if (mainEntry == null) {
      mainEntry = trust.mainTip(reader);
    }
    return mainEntry;
  }

  /**
   * The policy in force at main's tip: {@code registry.yaml} as the last change that a trusted
   * signer signed (and approved, where required) left it, never a change that no trusted signer
   * made.
   */
  public Policy policy() {
    return trust.policyInForce(main());
  }

  /**
   * Refuses, naming the commit and how to undo it, unless main's {@code registry.yaml} is the
   * policy in force. Writes that depend on the policy (promote, approve, register, trust) call it;
   * reads of what an environment runs, rollbacks and failure marks do not, so that an unsigned push
   * to main holds up new promotions, never what runs or an emergency rollback.
   */
  public void requireTrustedPolicy(String what) {
    MainHistory.Entry tip = main();
    if (tip.state() == MainHistory.State.TRUSTED) {
      return;
    }
    throw new UntrustedPolicyException(
        what,
        tip.change().name(),
        tip.state() == MainHistory.State.PENDING,
        trust.notInForce(tip, walk));
  }

  /**
   * The registration of a version, refusing if main no longer holds the files it wrote (naming the
   * commit that changed them), or if the policy requires signed registrations and it is not.
   */
  public Registrations.Registered registered(ModelName model, ModelVersion version, String what) {
    requireInCatalog(model, version, what);
    main();
    Registrations registrations = trust.registrations();
    Registrations.Registered r =
        registrations
            .find(reader, model, version)
            .orElseThrow(
                () ->
                    new RegistryRefusedException(
                        what
                            + " refused: no commit of main registered "
                            + model
                            + " "
                            + version
                            + " with all of its files. Register it"
                            + " with the registry (it writes metadata, checksum and pointer in one commit)."));
    try {
      if (!r.sameFiles(catalog.versionFiles(model, version))) {
        String changer = registrations.changedBy(reader, r, mainTip);
        throw new RegistryRefusedException(
            what
                + " refused: main no longer holds the files of "
                + model
                + " "
                + version
                + " that its registration "
                + r.commit().commit().name()
                + " wrote; commit "
                + changer
                + " changed them."
                + " A version is judged by what was registered, never by a later edit: undo the edit (git revert "
                + changer
                + ") or register the model again under a new version.");
      }
      String unsigned =
          registrations.signatureProblem(
              reader, r, trust.policyBefore(r.commit()), trust.signatures());
      if (unsigned != null) {
        throw new RegistryRefusedException(
            what
                + " refused: "
                + model
                + " "
                + version
                + " "
                + unsigned
                + ". Register it"
                + " again, signed, under a new version.");
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read branch main: " + e.getMessage(), e);
    }
    return r;
  }

  /**
   * Refuses unless main's catalogue holds the version: naming the collection that removed it if one
   * did (its metadata stays in history, its bytes may be gone), else listing what is registered.
   */
  public void requireInCatalog(ModelName model, ModelVersion version, String what) {
    if (catalog.hasVersion(model, version)) {
      return;
    }
    java.util.Optional<dev.modelregistry.model.Collected> gone = Removals.of(this, model, version);
    if (gone.isPresent()) {
      throw new dev.modelregistry.git.errors.CollectedVersionException(
          what, model, version, gone.get());
    }
    throw new UnknownVersionException(model, version, catalog.versions(model));
  }

  /**
   * The first commit of main whose policy in force trusts a signer; the first commit if none does.
   */
  public MainHistory.Entry trustRoot() {
    for (MainHistory.Entry e : trustHistory().entries()) {
      if (!trust.policyInForce(e).signers().isEmpty()) {
        return e;
      }
    }
    return trustHistory().entries().get(0);
  }

  /** Main's judged history. */
  public MainHistory trustHistory() {
    main();
    return trust.mainHistory();
  }

  /** The registration of a version, if one is found, without judging main's files now. */
  public java.util.Optional<Registrations.Registered> registration(
      ModelName model, ModelVersion version) {
    main();
    return trust.registrations().find(reader, model, version);
  }

  /** The registered metadata of a version found by {@link #registered}. */
  public ModelMetadata metadata(Registrations.Registered r) {
    return trust.registrations().metadata(reader, r);
  }

  /** The registered artifact pointer of a version found by {@link #registered}. */
  /**
   * The pointer of {@code r}, the version {@code record} says {@code environment} runs, refusing a
   * record whose sha256 is not the registration's (a record written by hand, or a registration
   * edited): {@code consequence} says what was not done ("Nothing written").
   */
  public ArtifactPointer pointerOfRecord(
      Registrations.Registered r,
      EnvironmentRecord record,
      String environment,
      String consequence) {
    ArtifactPointer pointer = pointer(r);
    if (!record.sha256().equals(pointer.sha256())) {
      throw new RegistryRefusedException(
          environment
              + " runs "
              + record.model()
              + " "
              + record.version()
              + " with sha256 "
              + record.sha256().hex()
              + ", but its registration names "
              + pointer.sha256().hex()
              + ". "
              + consequence
              + "; run verify and follow its findings.");
    }
    return pointer;
  }

  public ArtifactPointer pointer(Registrations.Registered r) {
    return trust.registrations().pointer(reader, r);
  }

  /** An environment declared by the policy, verified (signatures, trust, honesty of records). */
  public EnvironmentBranch environment(String name) {
    policy().environment(name);
    return environments.computeIfAbsent(name, n -> trust.verifyEnvironment(n, reader));
  }

  /** The signers trusted by the policy in force at the tip of main, with their roles. */
  public TrustedSigners signersNow() {
    return TrustedSigners.of(policy());
  }

  /**
   * Inserts a signed commit on top of {@code parent} (null: the branch's first commit) that writes
   * the environment's record for {@code model}. The branch is not moved.
   */
  public ObjectId commitRecord(
      String environment,
      RevCommit parent,
      ModelName model,
      String recordYaml,
      SigningIdentity who,
      Instant when,
      String subject,
      String body,
      Trailers trailers) {
    Trailers t =
        trailers.with(Trailers.ENVIRONMENT, environment).with(Trailers.CATALOG, mainTip.name());
    try (ObjectInserter ins = registry.repository().newObjectInserter()) {
      ObjectId tree =
          new TreeEdit()
              .put(RegistryFormat.environmentRecord(environment, model), recordYaml)
              .apply(reader, ins, parent == null ? null : parent.getTree());
      return BranchWriter.commit(
          registry.repository(),
          who.signer(),
          ins,
          tree,
          parent,
          who.person(when),
          t.message(subject, body));
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot write to the registry: " + e.getMessage(), e);
    }
  }

  /**
   * Inserts a commit on top of main's tip with {@code edit} applied, signed by {@code who}, and
   * moves main to it by compare-and-swap. Returns null if main moved since this snapshot.
   */
  public ObjectId commitMain(
      TreeEdit edit,
      SigningIdentity who,
      Instant when,
      String subject,
      String body,
      Trailers trailers) {
    return commitMain(edit, who, when, subject, trailers.message(subject, body));
  }

  /**
   * As {@link #commitMain(TreeEdit, SigningIdentity, Instant, String, String, Trailers)}, with the
   * whole {@code message} given (one with repeated trailers); {@code subject} names the move.
   */
  public ObjectId commitMain(
      TreeEdit edit, SigningIdentity who, Instant when, String subject, String message) {
    try (ObjectInserter ins = registry.repository().newObjectInserter()) {
      ObjectId tree = edit.apply(reader, ins, mainTip.getTree());
      ObjectId id =
          BranchWriter.commit(
              registry.repository(), who.signer(), ins, tree, mainTip, who.person(when), message);
      return BranchWriter.compareAndSwap(
              registry.repository(), RegistryFormat.MAIN, mainTip, id, "registry: " + subject)
          ? id
          : null;
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
