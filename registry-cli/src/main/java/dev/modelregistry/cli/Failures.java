package dev.modelregistry.cli;

import dev.modelregistry.model.ResultJson;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where an error that ends a subcommand becomes a message and an exit status: the
 * message on standard error in the command's syntax ({@link CliWording}), and with {@code --json}
 * also an error document on standard output, so that a script reading it always gets JSON. A
 * command line picocli cannot parse is a usage error, answered the same way.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final Terminal terminal;

  Failures(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    ExitStatus status = ExitStatus.of(e);
    String message = CliWording.of(e, status);
    terminal.err().println(message);
    if (status == ExitStatus.INTERNAL) {
      e.printStackTrace(terminal.err());
    }
    if (wantsJson(parsed)) {
      terminal.out().print(ResultJson.error(status.kind(), status.code(), message));
    }
    terminal.out().flush();
    terminal.err().flush();
    return status.code();
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    ExitStatus status = ExitStatus.USAGE;
    String message =
        "registry: usage error: "
            + dev.modelregistry.model.Display.escapeLines(e.getMessage())
            + "\nSee: "
            + e.getCommandLine().getCommandSpec().qualifiedName()
            + " --help";
    terminal.err().println(message);
    if (java.util.Arrays.asList(args).contains("--json")) {
      terminal.out().print(ResultJson.error(status.kind(), status.code(), message));
    }
    terminal.out().flush();
    terminal.err().flush();
    return status.code();
  }

  private static boolean wantsJson(ParseResult parsed) {
    ParseResult p = parsed;
    while (p.hasSubcommand()) {
      p = p.subcommand();
    }
    return p.hasMatchedOption("--json");
  }
}
