package dev.modelregistry.git.signing;

import java.io.Console;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The passphrase sources every front end offers alike: an environment variable (for a build without
 * a terminal: CI gives it from its secret store), else the terminal, where the front end may ask
 * (never under Maven's batch mode, never without one). The front end hands over the environment and
 * the console; this class reads neither itself.
 */
public final class EnvironmentPassphrases implements PassphraseSource {
  /** Where a build without a terminal gives the passphrase of its signing key. */
  public static final String SIGNING = "REGISTRY_SIGNING_KEY_PASSPHRASE";

  /**
   * Where a build without a terminal gives the passphrase of its SSH key for an {@code ssh://}
   * remote.
   */
  public static final String SSH_LOGIN = "REGISTRY_SSH_KEY_PASSPHRASE";

  private final Map<String, String> env;
  private final Console console;

  /**
   * @param env the process's environment
   * @param console the terminal to ask at, or null where the front end may not ask
   */
  public EnvironmentPassphrases(Map<String, String> env, Console console) {
    this.env = Map.copyOf(env);
    this.console = console;
  }

  private static String variable(Purpose purpose) {
    return purpose == Purpose.SIGNING ? SIGNING : SSH_LOGIN;
  }

  @Override
  public Optional<char[]> passphrase(Path key, Purpose purpose) {
    String given = env.get(variable(purpose));
    if (given != null && !given.isEmpty()) {
      return Optional.of(given.toCharArray());
    }
    if (console == null) {
      return Optional.empty();
    }
    char[] typed = console.readPassword("Passphrase for %s: ", key);
    return Optional.ofNullable(typed);
  }

  @Override
  public String howToGive(Purpose purpose) {
    return (console == null
            ? "run it in a terminal to type it (not in batch mode), or "
            : "type it, or ")
        + "set "
        + variable(purpose)
        + " (for CI, from the CI's secret store)";
  }
}
