package dev.modelregistry.sample;

import dev.modelregistry.git.signing.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the demo's own SSH signing key (ed25519, no passphrase) so that the demo's promotions
 * and rollbacks are signed commits without any set-up. A real team signs with its own keys.
 *
 * <p>Usage: {@code DemoKey <private-key-file> <principal>}; keeps an existing key.
 */
public final class DemoKey {
  private DemoKey() {}

  public static void main(String[] args) {
    Path key = Path.of(args[0]);
    if (Files.exists(key)) {
      System.out.println("Demo signing key: " + key + " (kept)");
      return;
    }
    String pub = SshKeys.generateEd25519(key, args[1]);
    System.out.println(
        "Demo signing key: "
            + key
            + " ("
            + SshKeys.fingerprint(pub)
            + ", trusted as "
            + args[1]
            + ")");
  }
}
