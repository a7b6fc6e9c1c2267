package dev.modelregistry.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Prints the bash and zsh completion script of the command ({@code source <(registry completion)}).
 */
@Command(
    name = "completion",
    description = {
      "Print the bash/zsh completion script.",
      "Use: source <(registry completion)   or save it under /etc/bash_completion.d/registry"
    })
final class CompletionSubcommand implements Runnable {
  @ParentCommand RegistryCli cli;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public void run() {
    cli.terminal().out().print(AutoComplete.bash("registry", cli.spec.commandLine()));
    cli.terminal().out().flush();
  }
}
