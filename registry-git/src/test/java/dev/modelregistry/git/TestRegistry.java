package dev.modelregistry.git;

import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Test fixture: a fresh registry in a temporary directory, and helpers to make artifacts. */
public final class TestRegistry {
  public static final Committer TESTER = new Committer("Test Trainer", "trainer@example.com");

  private TestRegistry() {}

  /**
   * A new JVM running {@code main} with {@code args} on this test's class path, started for speed
   * (a child lives for a few seconds): the child processes that crash, hold locks or race.
   */
  public static ProcessBuilder javaProcess(Class<?> main, String... args) {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  /** Creates a registry with the default policy under {@code dir}/registry.git. */
  public static Registry create(Path dir) {
    return Registry.init(
        dir.resolve("registry.git").toString(), Policy.defaults(List.of()), TESTER);
  }

  /**
   * Creates a registry whose first trusted signer is {@code principal} with a new ed25519 key at
   * {@code key}.
   */
  public static Registry createSigned(Path dir, Path key, String principal) {
    String pub = SshKeys.generateEd25519(key, principal);
    Policy p = Policy.defaults(List.of(TrustedSigners.line(principal, pub)));
    return Registry.init(
        dir.resolve("registry.git").toString(), p, TESTER, CommitSigner.sshKey(key));
  }

  /**
   * Creates a signed registry as {@link #createSigned(Path, Path, String)} does, whose policy keeps
   * versions as {@code retention} says.
   */
  public static Registry createSigned(
      Path dir, Path key, String principal, dev.modelregistry.model.RetentionPolicy retention) {
    String pub = SshKeys.generateEd25519(key, principal);
    Policy d = Policy.defaults(List.of(TrustedSigners.line(principal, pub)));
    Policy p =
        new Policy(
            d.formatVersion(),
            d.versions(),
            d.environments(),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            retention,
            d.store(),
            d.backups());
    return Registry.init(
        dir.resolve("registry.git").toString(), p, TESTER, CommitSigner.sshKey(key));
  }

  /**
   * Sets the time of every artifact in the local store under {@code root} back by {@code d}: bytes
   * nobody has used for that long, which gc may delete once no branch names them.
   */
  public static void ageStore(Path root, java.time.Duration d) {
    try (Stream<Path> files = Files.walk(root.resolve("sha256"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(
            f,
            java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(f).toInstant().minus(d)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers {@code version} of {@code model} with the given metrics and a fresh artifact. */
  public static Registration register(
      Registry r, Path dir, String model, String version, double ic, double sharpe) {
    Path a =
        artifact(
            dir.resolve("artifacts-in").resolve(model + "-" + version),
            "model.bin",
            2048,
            (model + version).hashCode());
    Path m =
        text(
            dir.resolve("artifacts-in").resolve(model + "-" + version),
            "metadata.yaml",
            "metrics: {ic: "
                + ic
                + ", sharpe: "
                + sharpe
                + "}\ndataset_version_ids: {crsp: \"v1.2.3\"}\n");
    return r.register().model(model).version(version).artifact(a).metadataFile(m).call();
  }

  /** Writes {@code size} pseudo-random bytes (seeded) to a new file. */
  public static Path artifact(Path dir, String name, int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    try {
      Files.createDirectories(dir);
      return Files.write(dir.resolve(name), b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a text file. */
  public static Path text(Path dir, String name, String content) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under {@code root}, relative, sorted: to prove that nothing was added. */
  public static List<String> filesUnder(Path root) {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command, returns its output; fails the test if it exits non-zero. */
  public static String run(Path dir, String... command) {
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      if (code != 0) {
        throw new AssertionError(String.join(" ", command) + " exited " + code + ":\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
