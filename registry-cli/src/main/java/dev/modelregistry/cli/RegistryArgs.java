package dev.modelregistry.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every subcommand that opens a registry shares. */
final class RegistryArgs {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The registry: a path, or a Git URL (file://, https://, ssh://, git@host:path)."
              + " Default: $REGISTRY_URL, else ~/.model-registry.")
  String url;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Where clones of remote registries and local state are kept."
              + " Default: $REGISTRY_CACHE, else ~/.cache/model-registry.")
  Path cache;

  @Option(
      names = "--json",
      description = "Print the answer (or the error) as one JSON document on standard output.")
  boolean json;
}
