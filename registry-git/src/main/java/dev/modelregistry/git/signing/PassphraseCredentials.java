package dev.modelregistry.git.signing;

import java.util.Arrays;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * A JGit credentials provider that answers only the passphrase of a protected key (JGit asks for it
 * as a password item whose prompt names the key) and ignores informational messages; any other
 * question is unsupported, so nothing is ever accepted on the user's behalf.
 */
public abstract class PassphraseCredentials extends CredentialsProvider {
  /** The passphrase for the key {@code prompt} asks about; null if there is none to give. */
  public abstract char[] passphrase(String prompt);

  @Override
  public boolean isInteractive() {
    return false;
  }

  @Override
  public boolean supports(CredentialItem... items) {
    return Arrays.stream(items)
        .allMatch(
            i ->
                i instanceof CredentialItem.Password
                    || i instanceof CredentialItem.InformationalMessage);
  }

  @Override
  public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
    for (CredentialItem item : items) {
      if (item instanceof CredentialItem.Password p) {
        char[] passphrase = passphrase(p.getPromptText());
        if (passphrase == null) {
          return false;
        }
        p.setValue(passphrase);
      } else if (!(item instanceof CredentialItem.InformationalMessage)) {
        throw new UnsupportedCredentialItem(
            uri, item.getClass().getSimpleName() + ": " + item.getPromptText());
      }
    }
    return true;
  }
}
