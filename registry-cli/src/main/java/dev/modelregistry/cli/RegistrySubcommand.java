package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.store.StandardStoreLogins;
import dev.modelregistry.git.store.StoreLogins;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.ResultJson;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * What every subcommand shares: the registry options, how the registry is opened, and where an
 * answer goes (text or JSON on standard output; warnings and progress on standard error). A
 * subcommand only says what it asks of the library, in {@link #run()}; errors are worded and mapped
 * to an exit status once, by {@link Failures}.
 */
// addMethodSubcommands: no subcommand has subcommands of its own, so picocli need not look for
// @Command methods in each class of the hierarchy (a reflective scan in every run)
@Command(addMethodSubcommands = false)
abstract class RegistrySubcommand implements Callable<Integer> {
  @ParentCommand RegistryCli cli;

  @Mixin RegistryArgs registry;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public final Integer call() {
    ExitStatus status = run();
    terminal().out().flush();
    return status.code();
  }

  /**
   * The subcommand's work; answers how it ended (a verify with findings is {@link
   * ExitStatus#REFUSED}).
   */
  protected abstract ExitStatus run();

  Terminal terminal() {
    return cli.terminal();
  }

  /**
   * The registry named by {@code --url}, else {@code $REGISTRY_URL}, else the embedded one under
   * the home directory.
   */
  String url() {
    return registry.url != null
        ? registry.url
        : terminal().home().resolve(".model-registry").toString();
  }

  /**
   * How the library opens the registry: credentials, passphrases and cache from the environment,
   * {@code --cache} first.
   */
  RegistryOptions options() {
    cli.warmup()
        .awaitGit(); // every use of the library starts here: git's system configuration is located
    // first
    RegistryOptions o =
        RegistryOptions.fromEnvironment(terminal().env(), terminal().home(), terminal().console());
    o = withMavenSettings(o);
    return registry.cache == null ? o : o.withCacheDirectory(registry.cache);
  }

  /** The stores' credentials of the environment and ~/.netrc, then settings.xml's servers. */
  private RegistryOptions withMavenSettings(RegistryOptions o) {
    return MavenSettingsLogins.in(terminal().home())
        .map(
            settings -> {
              StoreLogins first = o.stores().logins();
              String tried =
                  (first.describe().equals("no credentials") ? "" : first.describe() + ", then ")
                      + settings.describe();
              return o.withStores(
                  o.stores()
                      .withLogins(
                          StoreLogins.described(
                              StandardStoreLogins.firstOf(List.of(first, settings)), tried)));
            })
        .orElse(o);
  }

  /** Opens the registry at {@link #url()}; refuses if there is none. */
  Registry open() {
    cli.timings().mark("parse");
    Registry r = Registry.open(url(), options());
    cli.timings().mark("open");
    return r;
  }

  /**
   * With {@code --json}, prints {@code answer} as one JSON document and answers true; otherwise
   * answers false.
   */
  boolean printJson(Object answer) {
    cli.timings().mark("operation");
    if (!registry.json) {
      return false;
    }
    terminal().out().print(ResultJson.write(answer));
    terminal().out().flush();
    return true;
  }

  /** Prints a line of the answer, each of its lines escaped ({@link Display#escapeLines}). */
  void say(String text) {
    terminal().out().println(Display.escapeLines(text));
  }

  /** Prints a warning on standard error. */
  void warn(String text) {
    terminal().err().println("warning: " + Display.escapeLines(text));
  }

  /**
   * Prints a progress line on standard error, where it does not mix with an answer a script reads.
   */
  void progress(String text) {
    terminal().err().println(Display.escapeLines(text));
    terminal().err().flush();
  }

  /** The library's dataset versions value from {@code crsp=v1.2.4,compustat=v1.0.1}. */
  static java.util.Map<String, String> datasetVersions(String value) {
    return dev.modelregistry.model.DatasetVersions.parse(value);
  }
}
