package dev.modelregistry.cli;

import picocli.CommandLine.Option;

/** The environment a subcommand acts on. */
final class EnvironmentArgs {
  @Option(
      names = {"-e", "--environment"},
      defaultValue = "production",
      description = "The environment. Default: $REGISTRY_ENVIRONMENT, else ${DEFAULT-VALUE}.")
  String environment;
}
