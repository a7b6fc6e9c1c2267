package dev.modelregistry.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code registry} command. {@link #main} runs one subcommand and exits with its {@link
 * ExitStatus}; {@link #run(Terminal, String...)} does the same for a caller that gives its own
 * streams and environment (the tests).
 */
@Command(name = "registry", mixinStandardHelpOptions = true, versionProvider = RegistryCli.Version.class,
    description = {"A model registry kept in Git: every version, promotion and rollback is a signed commit.",
        "Emergency rollback: registry rollback --url <registry> --model <model> --version <bad version> --reason \"...\""},
    subcommands = {InitSubcommand.class, TrustSubcommand.class, RegisterSubcommand.class, ListSubcommand.class,
        ShowSubcommand.class, ValidateSubcommand.class, PullSubcommand.class, PromoteSubcommand.class,
        ApproveSubcommand.class, RollbackSubcommand.class, FailSubcommand.class, HistorySubcommand.class,
        VerifySubcommand.class, StatusSubcommand.class, SignersSubcommand.class, CompletionSubcommand.class},
    footer = {"", "Defaults from the environment: REGISTRY_URL, REGISTRY_MODEL, REGISTRY_ENVIRONMENT, REGISTRY_SIGNING_KEY,",
        "REGISTRY_PRINCIPAL, REGISTRY_DATASET_VERSIONS, REGISTRY_ROOT, REGISTRY_CACHE. Credentials: REGISTRY_TOKEN",
        "(with REGISTRY_USERNAME), else git's credential helpers; SSH keys from ~/.ssh. Run registry <command> --help."})
public final class RegistryCli implements Runnable {
  private static final int USAGE_WIDTH = 120;

  private final Terminal terminal;

  @Spec
  CommandSpec spec;

  RegistryCli(Terminal terminal) {
    this.terminal = terminal;
  }

  Terminal terminal() {
    return terminal;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Name a command, for example: registry status. See registry --help.");
  }

  /** Runs the command line {@code args} in this process's terminal and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(Terminal.system(), args));
  }

  /** Runs the command line {@code args} with {@code terminal}'s streams and environment; answers the exit status. */
  public static int run(Terminal terminal, String... args) {
    int status = commandLine(terminal).execute(args);
    terminal.out().flush();
    terminal.err().flush();
    return status;
  }

  /** The command tree, wired to {@code terminal}. */
  static CommandLine commandLine(Terminal terminal) {
    CommandLine cl = new CommandLine(new RegistryCli(terminal));
    cl.setUsageHelpWidth(USAGE_WIDTH);
    cl.setOut(terminal.out());
    cl.setErr(terminal.err());
    cl.setDefaultValueProvider(new EnvironmentDefaults(terminal.env()));
    Failures failures = new Failures(terminal);
    cl.setExecutionExceptionHandler(failures);
    cl.setParameterExceptionHandler(failures);
    cl.setExitCodeExceptionMapper(e -> ExitStatus.of(e).code());
    Map<String, String> codes = new LinkedHashMap<>();
    for (ExitStatus s : ExitStatus.values()) {
      codes.put(String.valueOf(s.code()), s.help());
    }
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(codes);
    return cl;
  }

  /** The version of this build, from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = RegistryCli.class.getPackage().getImplementationVersion();
      return new String[] {"registry " + (v == null ? "(development build)" : v)};
    }
  }
}
