package dev.modelregistry.git;

import static dev.modelregistry.git.TestRegistry.artifact;
import static dev.modelregistry.git.TestRegistry.filesUnder;
import static dev.modelregistry.git.TestRegistry.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.remote.RemoteSync;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.UnsafeCharacters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs built to get something past the registry's rules: each is refused before anything is
 * written, with a message that names the rule.
 */
class HostileInputTest {
  /** One of each kind of character that must never reach a name (see UnsafeCharacters). */
  static final List<Integer> HOSTILE =
      List.of(
          0x01, 0x0a, 0x1b, 0x7f, 0x85, 0x9b, 0x2028, 0x2029, 0x061c, 0x200e, 0x200f, 0x202a,
          0x202e, 0x2066, 0x2069);

  @TempDir Path dir;
  Registry registry;
  Path model;

  @BeforeEach
  void setUp() {
    registry = TestRegistry.create(dir);
    model = artifact(dir.resolve("build"), "model.bin", 10_000, 1);
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  /**
   * Runs a registration that must be refused, proves nothing was written, returns the refusal's
   * message.
   */
  private String refused(Consumer<RegisterCommand> setup) {
    ObjectId tip = registry.tip("main");
    Path storeRoot = ((LocalArtifactStore) registry.store()).root();
    List<String> before = filesUnder(storeRoot);
    RegisterCommand c = registry.register().model("risk_model").version("v1.0.0").artifact(model);
    setup.accept(c);
    RegistryRefusedException e = assertThrows(RegistryRefusedException.class, c::call);
    assertEquals(tip, registry.tip("main"), "no commit");
    assertEquals(before, filesUnder(storeRoot), "no file left in the store");
    return e.getMessage();
  }

  // --- 1. a path through a symbolic link to a directory elsewhere

  @Test
  void aPathThroughALinkedDirectoryToAFileElsewhereIsRefused() throws Exception {
    Path outside = text(dir.resolve("outside"), "passwd", "root:x:0:0:root:/root:/bin/bash\n");
    Path in = Files.createDirectories(dir.resolve("project/in"));
    Files.createSymbolicLink(in.resolve("etc-link"), outside.getParent());
    Path hostile = in.resolve("etc-link/passwd");
    assertFalse(
        Files.isSymbolicLink(hostile),
        "the file itself is no link: only a directory on the way is");

    String msg = refused(c -> c.artifact(hostile));
    assertTrue(
        msg.contains(
            "passes through the symbolic link "
                + in.resolve("etc-link")
                + " -> "
                + outside.getParent()),
        msg);
    assertTrue(msg.contains("really " + outside.toRealPath()), msg);
    msg = refused(c -> c.artifact(hostile).allowSymlinksInside(dir.resolve("project")));
    assertTrue(msg.contains("outside " + dir.resolve("project")), msg);
    // through "..": with in/up -> .., in/up/.. is the project's parent, and in/up/../outside/passwd
    // is outside
    Files.createSymbolicLink(in.resolve("up"), Path.of(".."));
    Path dotted = in.resolve("up/../outside/passwd");
    assertTrue(Files.isRegularFile(dotted));
    assertTrue(
        refused(c -> c.artifact(dotted).allowSymlinksInside(dir.resolve("project")))
            .contains("symbolic link"));
  }

  @Test
  void aLinkedDirectoryInsideTheAllowedRootIsFollowed() throws Exception {
    Path project = dir.resolve("build");
    Path latest =
        Files.createSymbolicLink(project.resolve("latest"), project); // build/latest -> build
    Registration r =
        registry
            .register()
            .model("risk_model")
            .version("v1.0.0")
            .artifact(latest.resolve("model.bin"))
            .allowSymlinksInside(project)
            .call();
    assertEquals("model.bin", r.pointer().fileName());
    assertEquals(-1L, Files.mismatch(model, r.storedAt()));
    // without a root to stay inside, no link is followed
    assertTrue(
        refused(c -> c.version("v1.1.0").artifact(latest.resolve("model.bin")))
            .contains("symbolic link"));
  }

  // --- 2. file names and principals holding control, separator or bidirectional characters

  @Test
  void anArtifactNameWithALineSeparatorOrABidiControlIsRefusedWithTheRule() throws Exception {
    for (int c : HOSTILE) {
      if (c == 0x0a || c == 0x01 || c == 0x1b || c == 0x7f) {
        continue; // refused before (C0 and DEL)
      }
      Path named =
          artifact(dir.resolve("named-" + c), "model" + Character.toString(c) + ".bin", 100, c);
      String msg = refused(r -> r.artifact(named));
      assertTrue(
          msg.contains("it holds " + UnsafeCharacters.name(c))
              && msg.contains(UnsafeCharacters.RULE),
          msg);
      assertTrue(msg.contains("Rename the model file"), msg);
    }
  }

  @Test
  void aPrincipalWithAControlSeparatorOrBidiCharacterIsRefused() {
    String pub = SshKeys.generateEd25519(dir.resolve("keys/ops"), "ops");
    for (int c : HOSTILE) {
      String principal = "ops" + Character.toString(c) + "@example.com";
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> TrustedSigners.line(principal, pub),
              UnsafeCharacters.name(c));
      assertTrue(e.getMessage().contains(UnsafeCharacters.RULE), e.getMessage());
      assertTrue(e.getMessage().codePoints().noneMatch(UnsafeCharacters::isUnsafe), e.getMessage());
    }
    assertTrue(
        TrustedSigners.line("opérations@example.com", pub)
            .startsWith("opérations@example.com ssh-ed25519 "));
  }

  // --- 3. an artifact that changes while it is copied (the store's own tests cover both copy
  // paths)

  @Test
  void anArtifactStillBeingWrittenIsRefusedAndNothingIsKept() throws Exception {
    Path growing = artifact(dir.resolve("training"), "model.bin", 8 << 20, 3);
    boolean[] appended = {false};
    String msg =
        refused(
            c ->
                c.artifact(growing)
                    .progress(
                        (done, total) -> {
                          if (!appended[0]
                              && done
                                  < total) { // a training job writing its next block while we copy
                            appended[0] = true;
                            append(growing, 1 << 20);
                          }
                        }));
    assertTrue(appended[0], "the file grew while it was copied");
    assertTrue(
        msg.contains("changed while it was read")
            && msg.contains("register it again once the file is complete"),
        msg);
    assertTrue(
        msg.contains("its size went from " + (8 << 20) + " to " + ((8 << 20) + (1 << 20))), msg);
    try (var left = Files.list(((LocalArtifactStore) registry.store()).root().resolve("tmp"))) {
      assertEquals(0, left.count(), "the temporary copy is gone");
    }
  }

  @Test
  void anArtifactReplacedBetweenTheCheckAndTheCopyIsRefused() throws Exception {
    Path file = artifact(dir.resolve("training"), "model.bin", 4096, 5);
    Path other = artifact(dir.resolve("training"), "other.bin", 4096, 6);
    // The inputs are checked at call(), the bytes copied once the registry's lock is held. Holding
    // the lock
    // here stops the registration between the two; a file moved over the checked one meanwhile is
    // another
    // file, whatever it holds, and the copy of it is refused.
    RegistryRefusedException[] refusal = {null};
    Thread registering;
    try (RegistryLock held = registry.lock()) {
      registering =
          new Thread(
              () ->
                  refusal[0] =
                      assertThrows(
                          RegistryRefusedException.class,
                          () ->
                              registry
                                  .register()
                                  .model("risk_model")
                                  .version("v1.0.0")
                                  .artifact(file)
                                  .call()));
      registering.start();
      while (!waitsForTheLock(registering)) { // a state to reach, not a time to guess
        assertTrue(registering.isAlive(), "the registration waits for the lock");
        Thread.sleep(1);
      }
      Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    registering.join();
    assertTrue(
        refusal[0]
            .getMessage()
            .contains("changed while it was read (it was replaced by another file)"),
        refusal[0].getMessage());
    assertEquals(List.of(), registry.list().call(), "nothing registered");
    assertEquals(
        List.of(),
        filesUnder(((LocalArtifactStore) registry.store()).root().resolve("sha256")),
        "nothing stored");
  }

  // --- 5. a registry URL of a scheme the registry does not speak

  @Test
  void aUrlOfAnotherSchemeIsRefusedListingWhatIsAccepted() {
    for (String url :
        List.of(
            "ftp://127.0.0.1:1/registry.git",
            "git://127.0.0.1:1/registry.git",
            "sftp://host/x",
            "s3://bucket/registry")) {
      Path cache = dir.resolve("cache-" + Math.abs(url.hashCode()));
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Registry.open(url, cache), url);
      assertTrue(e.getMessage().contains("which the registry does not speak"), e.getMessage());
      assertTrue(
          e.getMessage()
              .contains(
                  "a path, a file: URL, an http:// or https:// URL, an ssh:// URL, or git's"
                      + " user@host:path"),
          e.getMessage());
      assertFalse(Files.exists(cache), "refused before a cache was made");
      assertThrows(InvalidInputException.class, () -> Registry.exists(url));
      assertThrows(
          InvalidInputException.class,
          () ->
              Registry.registerCreatingIfAbsent(url)
                  .model("m")
                  .version("v1.0.0")
                  .artifact(model)
                  .call());
    }
    for (String url :
        List.of(
            "https://git.example.com/r.git",
            "http://h/r.git",
            "ssh://git@h/r.git",
            "git@h:r.git",
            "file:///srv/r.git",
            "HTTPS://h/r.git")) {
      RemoteSync.of(url); // still accepted
    }
    assertEquals(
        "https://h/r.git",
        RemoteSync.of("HTTPS://h/r.git").display(),
        "a scheme in capitals is the same scheme");
    assertNull(RemoteSync.of("HTTPS://h/r.git").remoteDirectory(), "and no path");
  }

  // --- 6. bad inputs where no registry exists yet: refused before one is created

  @Test
  void aRegistrationThatIsRefusedCreatesNoRegistry() throws Exception {
    Path absent = dir.resolve("new-registry");
    Path empty = Files.createDirectories(dir.resolve("empty-registry"));
    Path meta = dir.resolve("meta");
    Path outside = text(dir.resolve("outside"), "secret.bin", "not a model");
    Path linked = Files.createDirectories(dir.resolve("proj"));
    Files.createSymbolicLink(linked.resolve("out"), outside.getParent());
    List<Consumer<RegisterCommand>> bad =
        List.of(
            c -> c.model("Risk/Model"),
            c -> c.model(null),
            c -> c.model("model.lock"),
            c -> c.version("1.0"),
            c -> c.version(null),
            c ->
                c.version(
                    "v20250117"), // calendar versions: the default policy of a new registry refuses
            // them
            c -> c.version("v1.0.0-rc.lock"),
            c -> c.artifact(null),
            c -> c.artifact(dir.resolve("missing.bin")),
            c -> c.artifact(dir.resolve("build")),
            c -> c.artifact(linked.resolve("out/secret.bin")),
            c -> c.metadataFile(text(meta, "a.yaml", "metrics: [ic: 0.05\n")),
            c -> c.metadataFile(text(meta, "b.yaml", "metrix:\n  ic: 0.05\n")),
            c -> c.metadataFile(text(meta, "c.yaml", "version: \"v2.0.0\"\nmetrics: {ic: 1}\n")),
            c -> c.metadataFile(dir.resolve("meta/missing.yaml")));
    for (Path place : List.of(absent, empty)) {
      for (int i = 0; i < bad.size(); i++) {
        RegisterCommand c =
            Registry.registerCreatingIfAbsent(place.toString())
                .model("risk_model")
                .version("v1.0.0")
                .artifact(model);
        bad.get(i).accept(c);
        assertThrows(RegistryRefusedException.class, c::call, "input " + i);
        assertEquals(List.of(), filesUnder(place), "input " + i + " left files at " + place);
        assertTrue(place == empty ? Files.isDirectory(empty) : !Files.exists(absent), "input " + i);
      }
      Registration r =
          Registry.registerCreatingIfAbsent(place.toString())
              .model("risk_model")
              .version("v1.0.0")
              .artifact(model)
              .call();
      assertFalse(r.alreadyRegistered());
      assertEquals(place.toString(), r.registry());
      assertTrue(Registry.exists(place.toString()));
    }
  }

  /**
   * A registry created over HTTP would keep its artifacts where no other writer reaches them:
   * refused before it exists.
   */
  @Test
  void aRegistrationOverHttpThatWouldCreateAnUnusableRegistryCreatesNone() throws Exception {
    Path server = Files.createDirectories(dir.resolve("server"));
    Path bare = server.resolve("reg.git");
    try (var repo = org.eclipse.jgit.storage.file.FileRepositoryBuilder.create(bare.toFile())) {
      repo.create(true);
    }
    RegistryOptions options = RegistryOptions.defaults().withCacheDirectory(dir.resolve("cache"));
    try (GitHttpServer http = GitHttpServer.start(server)) {
      RegistryRefusedException e =
          assertThrows(
              RegistryRefusedException.class,
              () ->
                  Registry.registerCreatingIfAbsent(http.url("reg.git"), options)
                      .model("risk_model")
                      .version("v1.0.0")
                      .artifact(model)
                      .call());
      assertTrue(
          e.getMessage().contains("Nothing was created") && e.getMessage().contains("store.path"),
          e.getMessage());
      try (var repo =
          new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
              .setGitDir(bare.toFile())
              .build()) {
        assertNull(repo.exactRef("refs/heads/main"), "no registry on the server");
      }
    }
  }

  // --- 7. refusals that embed values read from the registry show them escaped

  @Test
  void refusalsShowReasonsAndMetricNamesReadFromTheRegistryEscaped() throws Exception {
    registry
        .register()
        .model("risk_model")
        .version("v1.0.0")
        .artifact(model)
        .metadata(ModelMetadata.ofMetrics(java.util.Map.of("ic\u202e\n[INFO] ok", 0.05)))
        .call();
    RegistryRefusedException other =
        assertThrows(
            RegistryRefusedException.class,
            () ->
                registry
                    .register()
                    .model("risk_model")
                    .version("v1.0.0")
                    .artifact(model)
                    .metadata(ModelMetadata.ofMetrics(java.util.Map.of("ic", 0.06)))
                    .call());
    assertTrue(
        other
            .getMessage()
            .contains("metrics registered {ic\\u202e\\u000a[INFO] ok=0.05}, given {ic=0.06}"),
        other.getMessage());

    Path key = dir.resolve("keys/ops");
    try (Registry signed =
        TestRegistry.createSigned(dir.resolve("signed"), key, "ops@example.com")) {
      TestRegistry.register(signed, dir, "m", "v1.0.0", 0.05, 1.2);
      signed
          .fail()
          .model("m")
          .version("v1.0.0")
          .reason("leak\n[INFO] BUILD SUCCESS \u2067x")
          .signingKey(key)
          .call();
      RegistryRefusedException again =
          assertThrows(
              RegistryRefusedException.class,
              () ->
                  signed
                      .fail()
                      .model("m")
                      .version("v1.0.0")
                      .reason("again")
                      .signingKey(key)
                      .call());
      assertTrue(
          again
              .getMessage()
              .contains(
                  "already marked failed (leak\\u000a[INFO] BUILD SUCCESS \\u2067x, by ops@example.com"),
          again.getMessage());
    }
  }

  private static boolean waitsForTheLock(Thread t) {
    return java.util.Arrays.stream(t.getStackTrace())
        .anyMatch(f -> f.getClassName().equals(RegistryLock.class.getName()));
  }

  /** Appends {@code n} bytes to {@code file}. */
  static void append(Path file, int n) {
    try {
      Files.write(file, new byte[n], StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
