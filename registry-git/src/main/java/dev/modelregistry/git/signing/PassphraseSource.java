package dev.modelregistry.git.signing;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the passphrase of a protected key comes from, chosen by the front end: an environment
 * variable, the terminal where it may ask (never under Maven's batch mode, never without one), a
 * secret store. The library asks only when a key turns out to be protected, and never reads the
 * environment or the console itself.
 */
public interface PassphraseSource {
  /** What the key is for: signing commits, or logging in to an SSH remote. */
  enum Purpose {
    SIGNING,
    SSH_LOGIN
  }

  /** The passphrase of {@code key}, or empty if this source has none to give. */
  Optional<char[]> passphrase(Path key, Purpose purpose);

  /** How a person gives a passphrase where this source has none, for the refusal ("set ..."). */
  String howToGive(Purpose purpose);

  /** A source that has no passphrase to give; {@code howToGive} is what refusals then say. */
  static PassphraseSource none(String howToGive) {
    return new PassphraseSource() {
      @Override
      public Optional<char[]> passphrase(Path key, Purpose purpose) {
        return Optional.empty();
      }

      @Override
      public String howToGive(Purpose purpose) {
        return howToGive;
      }
    };
  }

  /** One passphrase, given by the caller, for every key. */
  static PassphraseSource of(char[] passphrase) {
    char[] kept = passphrase.clone();
    return new PassphraseSource() {
      @Override
      public Optional<char[]> passphrase(Path key, Purpose purpose) {
        return Optional.of(kept.clone());
      }

      @Override
      public String howToGive(Purpose purpose) {
        return "give the right passphrase";
      }
    };
  }
}
