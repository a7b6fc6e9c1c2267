package dev.modelregistry.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The key a writing subcommand signs with. */
final class SigningArgs {
  @Option(
      names = "--signing-key",
      paramLabel = "FILE",
      description =
          "The SSH private key that signs. Default: $REGISTRY_SIGNING_KEY, else git config user.signingKey.")
  Path signingKey;
}
