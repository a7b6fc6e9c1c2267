package dev.modelregistry.git;

import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.SafeMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * An attacker who holds a trusted key and writes environment commits by hand: well signed, with the
 * trailers the registry writes, but with whatever record and catalogue suit them.
 */
final class Forger {
  private final Registry registry;
  private final Path key;
  private final String principal;

  Forger(Registry registry, Path key, String principal) {
    this.registry = registry;
    this.key = key;
    this.principal = principal;
  }

  /** The gates a record claims, all passed, as the registry words them for the default policy. */
  static List<GateResult> claimedGates(String ic, String sharpe) {
    return List.of(
        new GateResult("failure mark", "none", "none", true),
        new GateResult("metric ic", "> 0.02", ic, true),
        new GateResult("metric sharpe", "> 0.5", sharpe, true),
        new GateResult(
            "datasets", "trained versions in force (strict)", "not checked: none given", true),
        new GateResult("artifact valid", "size and sha256 as registered", "intact", true));
  }

  /**
   * Writes a signed promotion of {@code version} on production's tip naming {@code catalog}, moves
   * production to it (as a push would) and returns its id.
   */
  String promote(String model, String version, String catalog, List<GateResult> gates, Instant at) {
    Repository repo = registry.repository();
    String sha = registry.show().model(model).version(version).call().pointer().sha256().hex();
    EnvironmentRecord record =
        new EnvironmentRecord(
            model,
            version,
            dev.modelregistry.model.Sha256.parse(sha),
            at,
            principal,
            "forged",
            gates);
    Trailers t =
        Trailers.of(Trailers.ACTION, "promote")
            .with(Trailers.MODEL, model)
            .with(Trailers.VERSION, version)
            .with(Trailers.SHA256, sha)
            .with(Trailers.ENVIRONMENT, "production")
            .with(Trailers.CATALOG, catalog);
    ObjectId parent = registry.tip("production");
    try (ObjectInserter ins = repo.newObjectInserter();
        ObjectReader reader = ins.newReader();
        RevWalk w = new RevWalk(reader)) {
      RevCommit p = parent == null ? null : w.parseCommit(parent);
      ObjectId tree =
          new TreeEdit()
              .put("production/" + model + ".yaml", SafeMapper.writeYaml(record))
              .apply(reader, ins, p == null ? null : p.getTree());
      ObjectId id =
          BranchWriter.commit(
              repo,
              CommitSigner.sshKey(key),
              ins,
              tree,
              parent,
              new PersonIdent("Someone", principal, at, java.time.ZoneOffset.UTC),
              t.message("Promote " + model + " " + version, null));
      TestRegistry.run(
          registry.directory(), "git", "update-ref", "refs/heads/production", id.name());
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
