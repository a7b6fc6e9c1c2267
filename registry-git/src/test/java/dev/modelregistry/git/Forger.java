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
public final class Forger {
  private final Registry registry;
  private final Path key;
  private final String principal;

  public Forger(Registry registry, Path key, String principal) {
    this.registry = registry;
    this.key = key;
    this.principal = principal;
  }

  /** The gates a record claims, all passed, as the registry words them for the default policy. */
  public static List<GateResult> claimedGates(String ic, String sharpe) {
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
  public String promote(
      String model, String version, String catalog, List<GateResult> gates, Instant at) {
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
    return write(
        "production/" + model + ".yaml",
        SafeMapper.writeYaml(record),
        t,
        "Promote " + model + " " + version,
        at);
  }

  /**
   * Writes a signed rollback of {@code model} to {@code version} on production's tip, with the
   * trailers the registry writes (catalogue: main's tip), {@code recordYaml} as the record and
   * {@code reverts} (null: a rollback to a named version) as the promotion it claims to undo; moves
   * production to it and returns its id.
   */
  String rollback(String model, String version, String reverts, String recordYaml, Instant at) {
    String sha = registry.show().model(model).version(version).call().pointer().sha256().hex();
    Trailers t =
        Trailers.of(Trailers.ACTION, "rollback")
            .with(Trailers.MODEL, model)
            .with(Trailers.VERSION, version)
            .with(Trailers.SHA256, sha)
            .with(Trailers.REASON, "forged");
    if (reverts != null) {
      t = t.with(Trailers.REVERTS, reverts);
    }
    t =
        t.with(Trailers.ENVIRONMENT, "production")
            .with(Trailers.CATALOG, registry.tip("main").name());
    return write(
        "production/" + model + ".yaml",
        recordYaml,
        t,
        "Roll back " + model + " to " + version,
        at);
  }

  /** The record a rollback to a named version writes, as {@code rollback --to} words it. */
  String namedRecord(String model, String version, Instant at) {
    String sha = registry.show().model(model).version(version).call().pointer().sha256().hex();
    return SafeMapper.writeYaml(
        new EnvironmentRecord(
            model,
            version,
            dev.modelregistry.model.Sha256.parse(sha),
            at,
            principal,
            "forged",
            List.of(
                new GateResult("rollback target", "not failed, artifact valid", "checked", true))));
  }

  /**
   * The record of {@code model} in the parent of production commit {@code commit}, byte for byte.
   */
  String recordBefore(String commit, String model) {
    Repository repo = registry.repository();
    try (RevWalk w = new RevWalk(repo)) {
      RevCommit parent = w.parseCommit(w.parseCommit(ObjectId.fromString(commit)).getParent(0));
      try (org.eclipse.jgit.treewalk.TreeWalk tw =
          org.eclipse.jgit.treewalk.TreeWalk.forPath(
              repo, "production/" + model + ".yaml", parent.getTree())) {
        return new String(
            repo.open(tw.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Commits {@code yaml} at {@code path} on production's tip, signed, and moves production there.
   */
  private String write(String path, String yaml, Trailers t, String subject, Instant at) {
    Repository repo = registry.repository();
    ObjectId parent = registry.tip("production");
    try (ObjectInserter ins = repo.newObjectInserter();
        ObjectReader reader = ins.newReader();
        RevWalk w = new RevWalk(reader)) {
      RevCommit p = parent == null ? null : w.parseCommit(parent);
      ObjectId tree =
          new TreeEdit().put(path, yaml).apply(reader, ins, p == null ? null : p.getTree());
      ObjectId id =
          BranchWriter.commit(
              repo,
              CommitSigner.sshKey(key),
              ins,
              tree,
              parent,
              new PersonIdent("Someone", principal, at, java.time.ZoneOffset.UTC),
              t.message(subject, null));
      TestRegistry.run(
          registry.directory(), "git", "update-ref", "refs/heads/production", id.name());
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
