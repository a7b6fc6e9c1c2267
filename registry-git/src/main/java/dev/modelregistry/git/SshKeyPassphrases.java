package dev.modelregistry.git;

import java.io.Console;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.transport.URIish;

/**
 * Answers the SSH transport's questions for passphrase-protected keys in {@code ~/.ssh}, as
 * {@code ssh} does: typed at the terminal (not echoed), or from {@value #ENVIRONMENT} where there
 * is no terminal (CI). Each key's passphrase is asked once per process, since a goal fetches and
 * pushes on separate connections. Anything else (accepting an unknown host key) is not answered:
 * the host must be in {@code ~/.ssh/known_hosts}, as for git.
 */
final class SshKeyPassphrases extends PassphraseCredentials {
  /** The environment variable a build without a terminal gives the passphrase of its SSH key in. */
  static final String ENVIRONMENT = "REGISTRY_SSH_KEY_PASSPHRASE";

  static final SshKeyPassphrases INSTANCE = new SshKeyPassphrases();

  private final Map<String, char[]> typed = new HashMap<>(); // by prompt, which names the key file

  private SshKeyPassphrases() {}

  @Override
  synchronized char[] passphrase(String prompt) {
    String env = System.getenv(ENVIRONMENT);
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    }
    char[] known = typed.get(prompt);
    if (known == null) {
      Console console = System.console();
      known = console == null ? null : console.readPassword("%s: ", prompt);
      if (known == null) {
        return null;
      }
      typed.put(prompt, known);
    }
    return known.clone();
  }

  @Override
  public synchronized void reset(URIish uri) {
    typed.clear(); // a passphrase that did not open the key is asked again
  }
}
