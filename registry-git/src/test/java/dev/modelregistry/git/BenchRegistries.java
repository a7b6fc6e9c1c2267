package dev.modelregistry.git;

import dev.modelregistry.git.internal.BranchWriter;
import dev.modelregistry.git.internal.GateCheck;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.ChecksumLine;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.GateResult;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.SafeMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Generates large registries for the benchmarks (a fixture of registry-git's test-jar, so that
 * benchmarks need nothing but it and the public API), much faster than {@code register()} would,
 * and caches them under {@code -Dbench.registries} (default {@code /tmp/registry-bench}) so reruns
 * reuse them.
 *
 * <p>A generated registry is a real one: {@code Registry.init} with a signed first commit whose
 * {@code registry.yaml} trusts {@value #PRINCIPAL} (a new ed25519 key); then branch {@code main}
 * gets {@code versions} versions of {@value #MODEL}, {@value #BATCH} version directories per
 * (unsigned, as register's are) commit, each with its own {@code metadata.yaml}, and all pointing
 * to one shared 2 KiB artifact in the registry's store; then branch {@code production} gets {@code
 * promotions} signed promotion commits built exactly as {@code PromoteCommand} builds them (record,
 * trailers including {@code Registry-Catalog}, SSH signature), one minute apart from {@link
 * #FIRST_PROMOTION}, cycling through the versions. They pass {@link TrustVerifier}: the generator
 * ends by reading the history through the public API, which verifies every commit.
 *
 * <p>Objects go into one pack per branch ({@code PackInserter}), as after a {@code git gc}.
 */
public final class BenchRegistries {
  public static final String MODEL = "bench_model";
  public static final String PRINCIPAL = "ops@example.com";
  public static final int BATCH = 1000;
  public static final Instant FIRST_PROMOTION = Instant.parse("2025-01-01T00:00:00Z");
  static final PersonIdent WHO = new PersonIdent("Benchmark", "benchmark@example.com");

  private BenchRegistries() {}

  /** A generated registry's files. */
  public record Generated(
      Path root, Path gitDir, Path key, int versions, int promotions, int perCommit) {
    public Generated(Path root, Path gitDir, Path key, int versions, int promotions) {
      this(root, gitDir, key, versions, promotions, BATCH);
    }

    /** The name of version {@code i} (0-based). */
    public String version(int i) {
      return versionName(i);
    }

    /** When promotion {@code i} (0-based) was committed. */
    public Instant promotedAt(int i) {
      return FIRST_PROMOTION.plus(Duration.ofMinutes(i));
    }

    /** The allowed-signers file for {@code git log --format=%G?} (written by the generator). */
    public Path allowedSigners() {
      return root.resolve("allowed_signers");
    }
  }

  static String versionName(int i) {
    return "v1." + (i / BATCH) + "." + (i % BATCH);
  }

  static Path base() {
    return Path.of(System.getProperty("bench.registries", "/tmp/registry-bench"));
  }

  /** The cached registry with these sizes, generating it first if absent. */
  public static synchronized Generated get(int versions, int promotions) {
    return get(versions, promotions, BATCH);
  }

  /**
   * As {@link #get(int, int)}, with {@code perCommit} version directories per commit on main: 1 is
   * what {@code register} writes (one commit per version, with its trailers), so main's history is
   * as long as in real use.
   */
  public static synchronized Generated get(int versions, int promotions, int perCommit) {
    Path root =
        base()
            .resolve(
                "v" + versions + "-p" + promotions + (perCommit == BATCH ? "" : "-c" + perCommit));
    Generated g =
        new Generated(
            root,
            root.resolve("registry.git"),
            root.resolve("keys/ops"),
            versions,
            promotions,
            perCommit);
    if (Files.exists(root.resolve("complete"))) {
      refreshVerifiedCache(g);
      return g;
    }
    deleteTree(root);
    generate(g);
    return g;
  }

  /**
   * Rebuilds the cached registry's verified cache if it was written by a version that did not
   * remember each commit's parent and time (3 fields a line instead of 6), so the copies measure
   * the current code's warm path: one full verification, a few seconds.
   */
  private static void refreshVerifiedCache(Generated g) {
    Path state = stateDirectory(g);
    try {
      Path verified = state.resolve("verified");
      if (Files.exists(verified)
          && Files.exists(state.resolve(dev.modelregistry.git.internal.MainHistory.FILE))
          && Files.readAllLines(verified).stream().allMatch(l -> l.split(" ").length == 6)) {
        return;
      }
      forgetVerified(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long t0 = System.nanoTime();
    try (Registry registry = Registry.open(g.gitDir().toString())) {
      registry.history().model(MODEL).call();
    }
    System.out.printf(
        "[refresh] verified cache of %s rebuilt in %.1f s%n",
        g.root(), (System.nanoTime() - t0) / 1e9);
  }

  /**
   * This user's local state about a generated registry (verified commits, main's judged history,
   * tips).
   */
  public static Path stateDirectory(Generated g) {
    try (Registry registry = Registry.open(g.gitDir().toString())) {
      return registry.stateDirectory();
    }
  }

  /**
   * Deletes what this user remembers as verified about {@code g}: the next read verifies everything
   * (cold).
   */
  public static void forgetVerified(Generated g) {
    Path state = stateDirectory(g);
    try {
      for (String f :
          List.of("verified", "tips", dev.modelregistry.git.internal.MainHistory.FILE)) {
        Files.deleteIfExists(state.resolve(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A scratch copy of a generated registry (Git directory, store, caches, key), to write to or to
   * delete caches in without touching the cached one.
   */
  public static Generated copy(Generated g, String prefix) {
    try {
      Files.createDirectories(base());
      Path root = Files.createTempDirectory(base(), prefix);
      copyTree(g.root(), root);
      Generated copy =
          new Generated(
              root,
              root.resolve("registry.git"),
              root.resolve("keys/ops"),
              g.versions(),
              g.promotions(),
              g.perCommit());
      copyTree(stateDirectory(g), stateDirectory(copy)); // warm, as the cached registry is
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void generate(Generated g) {
    long t0 = System.nanoTime();
    String pub = SshKeys.generateEd25519(g.key(), PRINCIPAL);
    CommitSigner signer = CommitSigner.sshKey(g.key());
    Policy policy = Policy.defaults(List.of(TrustedSigners.line(PRINCIPAL, pub)));
    ModelName model = ModelName.of(MODEL);
    try (Registry registry =
        Registry.init(
            g.gitDir().toString(),
            policy,
            new Committer(WHO.getName(), WHO.getEmailAddress()),
            signer)) {
      Files.writeString(g.allowedSigners(), TrustedSigners.line(PRINCIPAL, pub) + "\n");
      Repository repo = registry.repository();
      Path artifact = g.root().resolve("model.bin");
      byte[] bytes = new byte[2048];
      new Random(42).nextBytes(bytes);
      Files.write(artifact, bytes);
      ArtifactStore.Stored stored = registry.store().put(artifact, ArtifactStore.CopyProgress.NONE);
      ArtifactPointer pointer =
          new ArtifactPointer(stored.uri(), stored.sha256(), stored.size(), null, "model.bin");
      String pointerYaml = SafeMapper.writeYaml(pointer);
      String checksum = new ChecksumLine(stored.sha256(), "model.bin").format();

      // main: versions, BATCH per commit
      ObjectId mainTip = registry.tip(RegistryFormat.MAIN);
      ObjectId initCommit = mainTip;
      try (ObjectInserter ins = ((FileRepository) repo).getObjectDatabase().newPackInserter();
          ObjectReader reader = ins.newReader();
          RevWalk walk = new RevWalk(reader)) {
        Instant registered = FIRST_PROMOTION.minus(Duration.ofDays(30));
        for (int start = 0; start < g.versions(); start += g.perCommit()) {
          TreeEdit edit = new TreeEdit();
          int end = Math.min(g.versions(), start + g.perCommit());
          for (int i = start; i < end; i++) {
            ModelVersion v = ModelVersion.of(versionName(i));
            ModelMetadata meta =
                ModelMetadata.ofMetrics(Map.of("ic", 0.05, "sharpe", 1.2))
                    .completedFor(
                        model,
                        v,
                        () -> "generated-" + v.value(),
                        registered,
                        Map.of("generator", "BenchRegistries"));
            edit.put(
                    RegistryFormat.versionFile(model, v, RegistryFormat.METADATA_FILE),
                    SafeMapper.writeYaml(meta))
                .put(RegistryFormat.versionFile(model, v, RegistryFormat.CHECKSUM_FILE), checksum)
                .put(
                    RegistryFormat.versionFile(model, v, RegistryFormat.ARTIFACT_FILE),
                    pointerYaml);
          }
          ObjectId tree = edit.apply(reader, ins, walk.parseCommit(mainTip).getTree());
          Trailers trailers = Trailers.of(Trailers.ACTION, "register").with(Trailers.MODEL, MODEL);
          String msg =
              end - start == 1
                  ? trailers
                      .with(Trailers.VERSION, versionName(start))
                      .with(Trailers.SHA256, stored.sha256().hex())
                      .message(
                          "Register " + MODEL + " " + versionName(start) + " (generated)", null)
                  : trailers.message(
                      "Register "
                          + MODEL
                          + " "
                          + versionName(start)
                          + " to "
                          + versionName(end - 1)
                          + " (generated)",
                      null);
          mainTip =
              insertCommit(repo, null, ins, tree, mainTip, new PersonIdent(WHO, registered), msg);
          registered = registered.plusSeconds(1);
        }
        ins.flush();
      }
      if (!BranchWriter.compareAndSwap(
          repo, RegistryFormat.MAIN, initCommit, mainTip, "bench: generate versions")) {
        throw new IllegalStateException("main moved during generation");
      }
      long t1 = System.nanoTime();
      System.out.printf(
          "[generate] %s: %d versions on main in %.1f s%n",
          g.root(), g.versions(), (t1 - t0) / 1e9);

      // production: promotions, signed, as PromoteCommand writes them
      ObjectId prodTip = null;
      try (ObjectInserter ins = ((FileRepository) repo).getObjectDatabase().newPackInserter();
          ObjectReader reader = ins.newReader();
          RevWalk walk = new RevWalk(reader)) {
        String path = RegistryFormat.environmentRecord(Policy.PRODUCTION, model);
        // as GateCheck words the default policy's gates for these versions, so that reads and
        // verify, which run them again, agree
        List<GateResult> gates =
            List.of(
                new GateResult("failure mark", "none", "none", true),
                new GateResult("metric ic", "> 0.02", "0.05", true),
                new GateResult("metric sharpe", "> 0.5", "1.2", true),
                new GateResult(
                    "datasets",
                    "trained versions in force (strict)",
                    "model declares no datasets",
                    true),
                new GateResult("artifact valid", "size and sha256 as registered", "intact", true));
        String previous = null;
        for (int i = 0; i < g.promotions(); i++) {
          String v = versionName(i % g.versions());
          Instant when = g.promotedAt(i);
          EnvironmentRecord record =
              new EnvironmentRecord(
                  MODEL,
                  v,
                  stored.sha256(),
                  when,
                  PRINCIPAL,
                  "generated",
                  gates,
                  null,
                  EnvironmentRecord.STRICT);
          Trailers t =
              Trailers.of(Trailers.ACTION, "promote")
                  .with(Trailers.MODEL, MODEL)
                  .with(Trailers.VERSION, v)
                  .with(Trailers.SHA256, stored.sha256().hex())
                  .with(Trailers.REASON, "generated")
                  .with(Trailers.ENVIRONMENT, Policy.PRODUCTION)
                  .with(Trailers.CATALOG, mainTip.name());
          String body =
              "generated\n\n"
                  + (previous == null
                      ? "First version of " + MODEL + " in production.\n"
                      : "Replaces " + previous + ".\n")
                  + "Gates:\n"
                  + GateCheck.table(gates);
          ObjectId tree =
              new TreeEdit()
                  .put(path, SafeMapper.writeYaml(record))
                  .apply(reader, ins, prodTip == null ? null : walk.parseCommit(prodTip).getTree());
          PersonIdent person = new PersonIdent("Benchmark", PRINCIPAL, when, ZoneOffset.UTC);
          prodTip =
              insertCommit(
                  repo,
                  signer,
                  ins,
                  tree,
                  prodTip,
                  person,
                  t.message("Promote " + MODEL + " " + v + " to production", body));
          previous = v;
        }
        ins.flush();
      }
      if (prodTip != null
          && !BranchWriter.compareAndSwap(
              repo, Policy.PRODUCTION, null, prodTip, "bench: generate promotions")) {
        throw new IllegalStateException("production moved during generation");
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "[generate] %d signed promotions on production in %.1f s (%.2f ms each)%n",
          g.promotions(), (t2 - t1) / 1e9, (t2 - t1) / 1e6 / Math.max(1, g.promotions()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Verify everything once through the public API: proves the commits pass TrustVerifier, and
    // leaves a warm verified cache in the cached copy.
    long t3 = System.nanoTime();
    try (Registry registry = Registry.open(g.gitDir().toString())) {
      int entries = registry.history().model(MODEL).call().entries().size();
      if (entries != g.promotions()) {
        throw new IllegalStateException(
            "history has " + entries + " entries, expected " + g.promotions());
      }
    }
    long t4 = System.nanoTime();
    System.out.printf(
        "[generate] first (cold) verification of the history: %.1f s; total %.1f s%n",
        (t4 - t3) / 1e9, (t4 - t0) / 1e9);
    try {
      Files.writeString(
          g.root().resolve("complete"), "generated in " + (t4 - t0) / 1_000_000 + " ms\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@code BranchWriter.commit}, without the flush (one pack per branch). */
  private static ObjectId insertCommit(
      Repository repo,
      CommitSigner signer,
      ObjectInserter ins,
      ObjectId tree,
      ObjectId parent,
      PersonIdent who,
      String message)
      throws IOException {
    return ins.insert(BranchWriter.build(repo, signer, tree, parent, who, message));
  }

  /**
   * The message of a promotion commit as {@code PromoteCommand} writes it, for the {@code git} CLI
   * baselines that make the same commit.
   */
  public static String promotionMessage(
      String version, String sha256, String catalog, String body) {
    return Trailers.of(Trailers.ACTION, "promote")
        .with(Trailers.MODEL, MODEL)
        .with(Trailers.VERSION, version)
        .with(Trailers.SHA256, sha256)
        .with(Trailers.REASON, "benchmark")
        .with(Trailers.ENVIRONMENT, Policy.PRODUCTION)
        .with(Trailers.CATALOG, catalog)
        .message("Promote " + MODEL + " " + version + " to production", body);
  }

  /** The production tip's commit id (for the git CLI baselines). */
  public static String tip(
      Registry registry, String branch) { // the branch named as in the registry
    ObjectId id = registry.tip(branch);
    return id == null ? null : id.name();
  }

  /** The commit id of the {@code registry.tip(main)} (the catalogue commit a promotion names). */
  public static RevCommit mainTip(Registry registry) {
    try (RevWalk w = new RevWalk(registry.repository())) {
      return w.parseCommit(registry.tip(RegistryFormat.MAIN));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(
                file,
                to.resolve(from.relativize(file).toString()),
                StandardCopyOption.COPY_ATTRIBUTES);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Deletes a directory tree (read-only files too). */
  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p); // as root, read-only store files go too
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Generates (or finds) registries: {@code BenchRegistries VERSIONS PROMOTIONS [VERSIONS
   * PROMOTIONS...]}, with {@code -Dbench.perCommit=N} version directories per commit on main
   * (default {@value #BATCH}).
   */
  public static void main(String[] args) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      long t0 = System.nanoTime();
      Generated g =
          get(
              Integer.parseInt(args[i]),
              Integer.parseInt(args[i + 1]),
              Integer.getInteger("bench.perCommit", BATCH));
      System.out.printf("%s ready (%.1f s)%n", g.gitDir(), (System.nanoTime() - t0) / 1e9);
    }
  }
}
