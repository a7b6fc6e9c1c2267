package dev.modelregistry.git.remote;

import dev.modelregistry.git.signing.PassphraseCredentials;
import dev.modelregistry.git.signing.PassphraseSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.transport.URIish;

/**
 * Answers the SSH transport's questions for passphrase-protected keys in {@code ~/.ssh} from the
 * front end's {@link PassphraseSource} (the terminal, an environment variable), as {@code ssh}
 * does. Each key's passphrase is asked once per process, since an operation fetches and pushes on
 * separate connections. Anything else (accepting an unknown host key) is not answered: the host
 * must be in {@code ~/.ssh/known_hosts}, as for git.
 */
public final class SshKeyPassphrases extends PassphraseCredentials {
  private final PassphraseSource source;
  private final Map<String, char[]> typed = new HashMap<>(); // by prompt, which names the key file

  public SshKeyPassphrases(PassphraseSource source) {
    this.source = source;
  }

  /** How a person gives such a passphrase, for the message of a refused login. */
  public String howToGive() {
    return source.howToGive(PassphraseSource.Purpose.SSH_LOGIN);
  }

  @Override
  public synchronized char[] passphrase(String prompt) {
    char[] known = typed.get(prompt);
    if (known == null) {
      known = source.passphrase(keyIn(prompt), PassphraseSource.Purpose.SSH_LOGIN).orElse(null);
      if (known == null) {
        return null;
      }
      typed.put(prompt, known);
    }
    return known.clone();
  }

  /** JGit's prompt names the key file ("Passphrase for /home/ops/.ssh/id_ed25519"). */
  private static Path keyIn(String prompt) {
    int slash = prompt.indexOf('/');
    return Path.of(slash < 0 ? prompt : prompt.substring(slash).strip());
  }

  @Override
  public synchronized void reset(URIish uri) {
    typed.clear(); // a passphrase that did not open the key is asked again
  }
}
