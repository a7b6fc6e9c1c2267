package dev.modelregistry.git.signing;

import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.Sha256;
import dev.modelregistry.model.UnsafeCharacters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trusted signers of one policy, as OpenSSH {@code allowed_signers} lines ({@code <principal>
 * <key type> <base64>}). The same lines verify with JGit and with {@code git verify-commit} ({@code
 * gpg.ssh.allowedSignersFile}). Identified by the hash of their text: the trust state.
 */
public record TrustedSigners(List<String> lines) {

  public TrustedSigners {
    lines = List.copyOf(lines);
  }

  /** The line for a principal and a public key, after checking both. */
  public static String line(String principal, String publicKey) {
    // \\s is ASCII white space only: the unsafe characters (U+2028, bidirectional controls) are
    // refused besides,
    // since a principal is printed in every history and status line
    if (principal == null
        || principal.isBlank()
        || !principal.matches("[^\\s,\"*?!]+")
        || UnsafeCharacters.firstIn(principal).isPresent()) {
      throw new InvalidInputException(
          "Signer principal "
              + Display.quote(principal)
              + " is not usable: give one identity without spaces, usually an"
              + " email address, with "
              + UnsafeCharacters.RULE
              + ".");
    }
    return principal + " " + SshKeys.normalizePublicKey(publicKey);
  }

  /** The principal of a line. */
  public static String principalOf(String line) {
    return line.strip().split("\\s+")[0];
  }

  /** The {@code "<type> <base64>"} of a line. */
  public static String keyOf(String line) {
    String[] p = line.strip().split("\\s+");
    return p[p.length - 2] + " " + p[p.length - 1];
  }

  /** The principal trusted for {@code publicKey}, if any. */
  public Optional<String> principalFor(String publicKey) {
    String key = SshKeys.normalizePublicKey(publicKey);
    return lines.stream()
        .filter(l -> keyOf(l).equals(key))
        .map(TrustedSigners::principalOf)
        .findFirst();
  }

  /** The file's text. */
  public String text() {
    StringBuilder b = new StringBuilder();
    lines.forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }

  /** The trust state's identity: sha256 of {@link #text()}. */
  public String id() {
    return Sha256.of(Hashing.sha256().digest(text().getBytes(StandardCharsets.UTF_8)))
        .abbreviated();
  }

  /**
   * Writes the allowed-signers file for this state under {@code dir}, returning its absolute path.
   * A file already there is used only if it says exactly this: the verifier trusts whatever it
   * lists.
   */
  public Path file(Path dir) {
    Path f = dir.resolve("allowed_signers-" + id()).toAbsolutePath();
    try {
      if (Files.isRegularFile(f) && Files.readString(f).equals(text())) {
        return f;
      }
    } catch (IOException e) {
      // unreadable: written again below
    }
    dev.modelregistry.model.AtomicFile.writeString(f, text());
    return f;
  }

  /** A copy with {@code line} added (replacing any line for the same principal and key). */
  public TrustedSigners with(String line) {
    List<String> l = new ArrayList<>(lines);
    l.remove(line);
    l.add(line);
    return new TrustedSigners(l);
  }
}
