package dev.modelregistry.cli;

import dev.modelregistry.git.signing.MinaProviders;
import dev.modelregistry.git.signing.SshKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The work {@code bin/registry} runs once, under {@code -XX:ArchiveClassesAtExit}, to record the
 * classes of the commands people type into a class-data-sharing archive: on a throw-away signed
 * registry, init, register, promote, rollback, and the reads and JSON answers. A first command
 * alone ({@code --version}, or one refusal) would archive only the classes it happened to load.
 */
public final class CdsTraining {
  private CdsTraining() {}

  /** Runs the training in a temporary directory and removes it; exits 0 even if a step failed. */
  public static void main(String[] args) throws IOException {
    MinaProviders.useJdkEd25519(); // as RegistryCli.main: the archive holds the classes it uses
    Path dir = Files.createTempDirectory("registry-cds");
    try {
      train(dir);
    } finally {
      deleteTree(dir);
    }
  }

  private static void train(Path dir) throws IOException {
    Warmup.start(Map.of(), true, true).awaitAll(); // as every command starts
    Path key = dir.resolve("key");
    SshKeys.generateEd25519(key, "cds@example.com");
    Path artifact = Files.write(dir.resolve("model.bin"), new byte[4096]);
    Path metadata =
        Files.writeString(dir.resolve("metadata.yaml"), "metrics:\n  ic: 0.05\n  sharpe: 1.2\n");
    String url = dir.resolve("registry").toString();
    Terminal quiet =
        new Terminal(
            new PrintWriter(Writer.nullWriter()),
            new PrintWriter(Writer.nullWriter()),
            Map.of(),
            dir.resolve("home"),
            null);
    String[] common = {"--url", url, "--model", "cds_model"};
    run(quiet, "--help");
    run(
        quiet,
        "init",
        "--url",
        url,
        "--signing-key",
        key.toString(),
        "--principal",
        "cds@example.com");
    for (String version : new String[] {"v1.0.0", "v1.1.0"}) {
      run(
          quiet,
          concat(
              common,
              "register",
              "--version",
              version,
              "--artifact",
              artifact.toString(),
              "--metadata",
              metadata.toString(),
              "--json"));
      run(
          quiet,
          concat(
              common,
              "promote",
              "--version",
              version,
              "--reason",
              "cds",
              "--signing-key",
              key.toString()));
    }
    run(
        quiet,
        concat(
            common,
            "rollback",
            "--version",
            "v1.1.0",
            "--reason",
            "cds",
            "--signing-key",
            key.toString(),
            "--json"));
    run(quiet, concat(common, "history", "--at", "2025-01-01T00:00:00Z"));
    run(quiet, concat(common, "list", "--json"));
    run(quiet, concat(common, "show", "--version", "v1.0.0"));
    run(quiet, "status", "--url", url, "--json");
    run(quiet, "status", "--url", url);
    run(quiet, "verify", "--url", url);
    String backups = dir.resolve("backups").toString();
    run(quiet, "backup", "--url", url, "--output", backups);
    run(quiet, "backups", "--output", backups, "--json");
    run(quiet, "restore", "--url", url, "--output", backups); // a dry run
    run(quiet, "gc", "--url", url); // a dry run: nothing is old enough here
    run(quiet, concat(common, "rollback")); // a refusal: the error path's classes too
  }

  private static void run(Terminal t, String... args) {
    RegistryCli.run(t, args);
  }

  private static String[] concat(String[] common, String... rest) {
    return Stream.concat(
            Stream.of(rest[0]), Stream.concat(Stream.of(common), Stream.of(rest).skip(1)))
        .toArray(String[]::new);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
