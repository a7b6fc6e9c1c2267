package dev.modelregistry.cli;

import dev.modelregistry.git.signing.MinaProviders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code registry} command. {@link #main} runs one subcommand and exits with its {@link
 * ExitStatus}; {@link #run(Terminal, String...)} does the same for a caller that gives its own
 * streams and environment (the tests).
 */
@Command(
    name = "registry",
    addMethodSubcommands = false,
    versionProvider = RegistryCli.Version.class,
    description = {
      "A model registry kept in Git: every version, promotion and rollback is a signed commit.",
      "Emergency rollback: registry rollback --url <registry> --model <model> --version <bad version> --reason \"...\""
    },
    footer = {
      "",
      "Defaults from the environment: REGISTRY_URL, REGISTRY_MODEL, REGISTRY_ENVIRONMENT, REGISTRY_SIGNING_KEY,",
      "REGISTRY_PRINCIPAL, REGISTRY_DATASET_VERSIONS, REGISTRY_ROOT, REGISTRY_CACHE. Credentials: REGISTRY_TOKEN",
      "(with REGISTRY_USERNAME), else git's credential helpers; SSH keys from ~/.ssh. Run registry <command> --help."
    })
public final class RegistryCli implements Runnable {
  private static final int USAGE_WIDTH = 120;

  /**
   * The subcommands, in the order of {@code registry --help}. Picocli reads a command's options by
   * reflection when it is added, so a run adds only the one it was asked for (all of them for help
   * and completion): most of the start-up time of a command otherwise.
   */
  /** The subcommands, in the order {@code registry --help} lists them. */
  private static final List<String> SUBCOMMANDS =
      List.of(
          "init",
          "trust",
          "policy",
          "register",
          "list",
          "show",
          "validate",
          "pull",
          "promote",
          "approve",
          "rollback",
          "fail",
          "history",
          "verify",
          "gc",
          "status",
          "backup",
          "backups",
          "restore",
          "signers",
          "completion");

  /**
   * A new instance of subcommand {@code name}. A switch, not a map of constructor references: each
   * reference is an invokedynamic site that a new JVM links on first use, and a command needs one.
   */
  private static Object newSubcommand(String name) {
    return switch (name) {
      case "init" -> new InitSubcommand();
      case "trust" -> new TrustSubcommand();
      case "policy" -> new PolicySubcommand();
      case "register" -> new RegisterSubcommand();
      case "list" -> new ListSubcommand();
      case "show" -> new ShowSubcommand();
      case "validate" -> new ValidateSubcommand();
      case "pull" -> new PullSubcommand();
      case "promote" -> new PromoteSubcommand();
      case "approve" -> new ApproveSubcommand();
      case "rollback" -> new RollbackSubcommand();
      case "fail" -> new FailSubcommand();
      case "history" -> new HistorySubcommand();
      case "verify" -> new VerifySubcommand();
      case "gc" -> new GcSubcommand();
      case "status" -> new StatusSubcommand();
      case "backup" -> new BackupSubcommand();
      case "backups" -> new BackupsSubcommand();
      case "restore" -> new RestoreSubcommand();
      case "signers" -> new SignersSubcommand();
      case "completion" -> new CompletionSubcommand();
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  private final Terminal terminal;
  private final Timings timings;
  private final Warmup warmup;

  @Spec CommandSpec spec;

  // Declared here rather than by mixinStandardHelpOptions: picocli builds that mixin's model by
  // reflection (and interpolates its option names) in every run, for two flags.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "Print version information and exit.")
  boolean version;

  RegistryCli(Terminal terminal, Timings timings, Warmup warmup) {
    this.terminal = terminal;
    this.timings = timings;
    this.warmup = warmup;
  }

  Warmup warmup() {
    return warmup;
  }

  Terminal terminal() {
    return terminal;
  }

  Timings timings() {
    return timings;
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Name a command, for example: registry status. See registry --help.");
  }

  /** Runs the command line {@code args} in this process's terminal and exits with its status. */
  public static void main(String[] args) {
    // this process is ours alone: SSH keys and signatures from the JDK, without BouncyCastle's
    // start-up (an embedding caller keeps MINA's defaults)
    MinaProviders.useJdkEd25519();
    skipPicocliLookups();
    nameLogProvider();
    LateSshCompletions.install();
    Terminal terminal = Terminal.system();
    Warmup warmup =
        versionOnly(args)
            ? Warmup.none()
            : Warmup.start(terminal.env(), signs(args, terminal.env()), !readsOnlyRecords(args));
    System.exit(run(terminal, warmup, args));
  }

  /**
   * Spares every command picocli's class lookups for things this command line never uses: Groovy
   * closures and converters of {@code java.sql} and {@code java.time} types (its options are
   * strings, paths and flags). Each lookup is a search of the class path and a {@code
   * ClassNotFoundException} or a reflective method handle in a cold JVM. A property the user set is
   * kept.
   */
  private static void skipPicocliLookups() {
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
    }
  }

  /**
   * Names slf4j's provider (slf4j-simple, the one this distribution ships) so that slf4j does not
   * search the class path for providers with a {@link java.util.ServiceLoader} when JGit first
   * logs; the search scans the whole jar in a cold JVM. slf4j then reports, at its own INFO level,
   * that it used the property: its internal verbosity is set to WARN, which keeps its warnings.
   * Properties the user set are kept.
   */
  private static void nameLogProvider() {
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        System.setProperty("slf4j.internal.verbosity", "WARN");
      }
    }
  }

  /**
   * Commands that always write a signed commit; register signs only when given a key, gc only when
   * forced.
   */
  private static final java.util.Set<String> SIGNING =
      java.util.Set.of("init", "trust", "promote", "approve", "rollback", "fail");

  /**
   * True if the command reads only the registry files that the model binds without Jackson's
   * databind (the policy, production records, artifact pointers): a rollback.
   */
  static boolean readsOnlyRecords(String[] args) {
    return args.length > 0 && args[0].equals("rollback") && !List.of(args).contains("--json");
  }

  /** True if the command line will open a signing key. */
  static boolean signs(String[] args, Map<String, String> env) {
    if (args.length == 0) {
      return false;
    }
    java.util.List<String> all = java.util.Arrays.asList(args);
    if (all.contains("--dry-run")) {
      return false;
    }
    return SIGNING.contains(args[0])
        || (args[0].equals("gc") && all.contains("--force"))
        || (args[0].equals("register")
            && (all.contains("--signing-key") || env.containsKey("REGISTRY_SIGNING_KEY")));
  }

  /**
   * Runs the command line {@code args} with {@code terminal}'s streams and environment; answers the
   * exit status.
   */
  public static int run(Terminal terminal, String... args) {
    return run(terminal, Warmup.none(), args);
  }

  private static int run(Terminal terminal, Warmup warmup, String... args) {
    Timings timings =
        new Timings("1".equals(terminal.env().get("REGISTRY_TRACE_PERFORMANCE")), warmup);
    RegistryCli cli = new RegistryCli(terminal, timings, warmup);
    CommandLine commandLine =
        versionOnly(args) ? versionOnly(cli) : commandLine(cli, args.length > 0 ? args[0] : null);
    timings.mark("command line");
    int status = commandLine.execute(args);
    terminal.out().flush();
    timings.mark("print");
    timings.print(terminal);
    terminal.err().flush();
    return status;
  }

  private static final java.util.Set<String> VERSION = java.util.Set.of("--version", "-V");

  /** True for {@code registry --version}: nothing but the version is needed, nor warmed up. */
  private static boolean versionOnly(String[] args) {
    return args.length == 1 && VERSION.contains(args[0]);
  }

  /**
   * The root command alone, for {@code registry --version}: the model of every subcommand (a few
   * hundred milliseconds of reflection in a new JVM) is not needed to print a version.
   */
  private static CommandLine versionOnly(RegistryCli cli) {
    CommandLine cl = new CommandLine(cli);
    cl.setOut(cli.terminal.out());
    cl.setErr(cli.terminal.err());
    return cl;
  }

  /**
   * The command tree for a run whose first argument is {@code first}, wired to {@code cli}'s
   * terminal.
   */
  static CommandLine commandLine(RegistryCli cli, String first) {
    Terminal terminal = cli.terminal;
    CommandLine cl = new CommandLine(cli);
    if (first != null && SUBCOMMANDS.contains(first) && !first.equals("completion")) {
      cl.addSubcommand(first, newSubcommand(first));
    } else {
      for (String name : SUBCOMMANDS) {
        cl.addSubcommand(name, newSubcommand(name));
      }
    }
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
