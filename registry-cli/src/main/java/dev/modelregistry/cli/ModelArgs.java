package dev.modelregistry.cli;

import picocli.CommandLine.Option;

/** The model a subcommand acts on. */
final class ModelArgs {
  @Option(names = "--model", description = "The model. Default: $REGISTRY_MODEL.")
  String model;
}
