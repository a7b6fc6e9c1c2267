package dev.modelregistry.git.signing;

import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.Sha256;
import dev.modelregistry.model.SignedAction;
import dev.modelregistry.model.SignerRole;
import dev.modelregistry.model.UnsafeCharacters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trusted signers of one policy, as OpenSSH {@code allowed_signers} lines ({@code <principal>
 * <key type> <base64>}), and the roles that limit some of them ({@code roles:} in {@code
 * registry.yaml}, by principal). The same lines verify with JGit and with {@code git verify-commit}
 * ({@code gpg.ssh.allowedSignersFile}); the roles are never written into them, since {@code
 * ssh-keygen} refuses options it does not know. The trust state ({@link #trustState()}) covers
 * both, so a commit verified before a role changed is verified again.
 *
 * @param roles the roles of each limited principal; a principal absent has full rights
 */
public record TrustedSigners(List<String> lines, Map<String, Set<SignerRole>> roles) {

  public TrustedSigners {
    lines = List.copyOf(lines);
    roles = roles == null ? Map.of() : Map.copyOf(roles);
  }

  /** Signers without roles: every one has full rights. */
  public TrustedSigners(List<String> lines) {
    this(lines, Map.of());
  }

  /** The signers a policy trusts, with the roles it gives them. */
  public static TrustedSigners of(Policy policy) {
    Map<String, Set<SignerRole>> roles = new TreeMap<>();
    policy.roles().keySet().forEach(p -> roles.put(p, policy.rolesOf(p)));
    return new TrustedSigners(policy.signers(), roles);
  }

  /** The roles {@code principal} is limited to; empty: full rights. */
  public Set<SignerRole> rolesOf(String principal) {
    return principal == null ? Set.of() : roles.getOrDefault(principal, Set.of());
  }

  /** True if {@code principal} may sign {@code action}. */
  public boolean may(String principal, SignedAction action) {
    return SignerRole.allow(rolesOf(principal), action);
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

  /** The identity of the allowed-signers file: sha256 of {@link #text()}. */
  public String id() {
    return Sha256.of(Hashing.sha256().digest(text().getBytes(StandardCharsets.UTF_8)))
        .abbreviated();
  }

  /**
   * The trust state's identity, under which a verified commit is remembered: sha256 of the lines
   * and of the roles. Always hashed with the roles' section, even empty, so that no commit
   * remembered before roles existed (under {@link #id()}) passes for verified under them: each is
   * verified once more, as after deleting the cache.
   */
  public String trustState() {
    StringBuilder b = new StringBuilder("signers\n").append(text()).append("roles\n");
    new TreeMap<>(roles)
        .forEach(
            (p, r) ->
                b.append(p)
                    .append(' ')
                    .append(
                        r.stream()
                            .sorted()
                            .map(SignerRole::value)
                            .collect(java.util.stream.Collectors.joining(",")))
                    .append('\n'));
    return Sha256.of(Hashing.sha256().digest(b.toString().getBytes(StandardCharsets.UTF_8)))
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
    return new TrustedSigners(l, roles);
  }
}
