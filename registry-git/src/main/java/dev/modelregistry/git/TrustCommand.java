package dev.modelregistry.git;

import dev.modelregistry.git.internal.CasRetry;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Snapshot;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
import dev.modelregistry.model.SignerRole;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adds or removes a trusted signer, or sets the role that limits one: a commit on main that changes
 * {@code signers:} (and {@code roles:}) in {@code registry.yaml}, signed by a key trusted with full
 * rights before the change. A registry that has no signer yet has no root of trust, and an ordinary
 * trust change cannot give it one: that is an explicit adoption ({@link AdoptCommand}), which
 * prints the key to pin.
 *
 * <p>A role belongs to the principal and covers all of its keys. Without {@link #role}, a new
 * principal gets full rights and a principal already trusted keeps its role, so a service key
 * rotated without repeating {@code rollback} stays rollback-only.
 */
public final class TrustCommand
    extends RegistryCommand<dev.modelregistry.git.signing.TrustedSigners> {
  private String principal;
  private String publicKey;
  private boolean remove;
  private String role;

  TrustCommand(Registry registry) {
    super(registry);
  }

  /** The signer's identity, usually an email address. */
  public TrustCommand principal(String principal) {
    this.principal = principal;
    return this;
  }

  /** The public key ({@code "ssh-ed25519 AAAA..."}, the content of a {@code .pub} file). */
  public TrustCommand publicKey(String publicKey) {
    this.publicKey = publicKey;
    return this;
  }

  /** Remove the signer instead of adding it. */
  public TrustCommand remove(boolean remove) {
    this.remove = remove;
    return this;
  }

  /**
   * The role that limits the signer ({@code rollback}), or {@code full} to lift a limit; see {@link
   * SignerRole#choices()}. With a principal already trusted and no public key, only its role
   * changes.
   */
  public TrustCommand role(String role) {
    this.role = role;
    return this;
  }

  public TrustCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /** Returns the signers trusted after the change, with their roles. */
  @Override
  TrustedSigners run() {
    if (principal == null || principal.isBlank()) {
      throw Registry.required(Input.PRINCIPAL, "to trust a signer");
    }
    Set<SignerRole> wanted = role == null ? null : roles(role);
    if (remove && wanted != null) {
      throw new InvalidInputException(
          Input.ROLE, "A signer is removed with all its rights; a removal takes no role.");
    }
    if (!remove && wanted == null && (publicKey == null || publicKey.isBlank())) {
      throw Registry.required(Input.PUBLIC_KEY, "to trust a signer");
    }
    return registry.write(() -> change(wanted));
  }

  /** The roles a role word asks for: none for {@code full}. */
  private static Set<SignerRole> roles(String word) {
    return SignerRole.parse(word).map(Set::of).orElse(Set.of());
  }

  private TrustedSigners change(Set<SignerRole> wanted) {
    try (RegistryLock lock = registry.lock()) {
      return CasRetry.onFreshSnapshots(
          registry.context(),
          "main",
          (remove ? "removing " : "trusting ") + principal,
          s -> attempt(s, wanted));
    }
  }

  /** One attempt on a fresh snapshot; null if main moved meanwhile. */
  private TrustedSigners attempt(Snapshot s, Set<SignerRole> wanted) {
    String verb = remove ? "Removing " : "Trusting ";
    s.requireTrustedPolicy(verb + principal);
    TrustedSigners before = s.signersNow();
    if (before.lines().isEmpty()) {
      throw new RegistryRefusedException(
          "Trusting "
              + principal
              + " refused: this registry has no trusted signer yet,"
              + " so it has no root of trust, and an ordinary trust change cannot give it one (whoever ran it first would"
              + " own the registry silently). Adopt it explicitly: init with your signing key on this registry writes the"
              + " first trusted signer in a commit signed by that key and prints the fingerprint to pin in verify."
              + " Nothing was written.");
    }
    List<String> lines = new ArrayList<>(before.lines());
    Policy now = s.policy();
    Set<SignerRole> held = now.rolesOf(principal);
    boolean known = lines.stream().anyMatch(l -> TrustedSigners.principalOf(l).equals(principal));
    String subject;
    Set<SignerRole> after = held;
    if (remove) {
      boolean removed =
          lines.removeIf(
              l ->
                  TrustedSigners.principalOf(l).equals(principal)
                      && (publicKey == null
                          || publicKey.isBlank()
                          || TrustedSigners.keyOf(l)
                              .equals(SshKeys.normalizePublicKey(publicKey))));
      if (!removed) {
        throw new RegistryRefusedException(
            principal + " is not a trusted signer; nothing to remove.");
      }
      if (lines.isEmpty()) {
        throw new RegistryRefusedException(
            "Removing "
                + principal
                + " would leave no trusted signer, and then nobody"
                + " could promote or roll back. Add the replacement signer first.");
      }
      subject = "Stop trusting " + principal;
    } else if (publicKey == null || publicKey.isBlank()) {
      if (!known) {
        throw new RegistryRefusedException(
            "Giving "
                + principal
                + " a role refused: "
                + principal
                + " is not a trusted signer. Trust it with its public key and the role at once."
                + " Nothing was written.");
      }
      after = wanted;
      if (after.equals(held)) {
        throw new RegistryRefusedException(
            principal + " already has " + SignerRole.describe(held) + "; nothing written.");
      }
      subject = roleSubject(after);
    } else {
      String line = TrustedSigners.line(principal, publicKey);
      after = wanted != null ? wanted : known ? held : Set.of();
      if (lines.contains(line) && after.equals(held)) {
        throw new RegistryRefusedException(
            principal
                + " is already trusted with that key"
                + (held.isEmpty() ? "" : " and " + SignerRole.describe(held))
                + "; nothing written.");
      }
      if (lines.contains(line)) {
        subject = roleSubject(after);
      } else {
        lines.add(line);
        subject =
            "Trust "
                + principal
                + " ("
                + SshKeys.fingerprint(TrustedSigners.keyOf(line))
                + ")"
                + (after.isEmpty() ? "" : " with role " + words(after));
      }
    }
    // trust flows from what was trusted, and only from a signer who may change it
    SigningIdentity who =
        SigningIdentity.resolve(
            registry.context(), signer(), before, subject, SignedAction.CHANGE_POLICY);
    Policy next = next(now, lines, after, verb);
    Instant at = registry.clock().instant();
    Trailers trailers =
        Trailers.of(Trailers.ACTION, remove ? "untrust" : "trust")
            .with(Trailers.PRINCIPAL, principal);
    if (!remove && !after.equals(held)) {
      trailers = trailers.with(Trailers.ROLE, after.isEmpty() ? SignerRole.FULL : words(after));
    }
    var id =
        s.commitMain(
            new TreeEdit().put(RegistryFormat.POLICY_FILE, SafeMapper.writeYaml(next)),
            who,
            at,
            subject,
            null,
            trailers);
    return id == null ? null : TrustedSigners.of(next); // null: the branch moved, run again
  }

  /**
   * The policy after the change; refuses one the policy's rules forbid (every signer limited, a key
   * trusted for two principals with different rights) before anything is written.
   */
  private Policy next(Policy now, List<String> lines, Set<SignerRole> roles, String verb) {
    try {
      Policy next = now.withSigners(lines);
      return remove ? next : next.withRoles(principal, roles);
    } catch (InvalidInputException e) {
      throw new RegistryRefusedException(
          verb + principal + " refused: " + e.getMessage() + " Nothing was written.");
    }
  }

  private String roleSubject(Set<SignerRole> roles) {
    return roles.isEmpty()
        ? "Give " + principal + " full rights"
        : "Give " + principal + " the role " + words(roles);
  }

  private static String words(Set<SignerRole> roles) {
    return roles.stream().sorted().map(SignerRole::value).collect(Collectors.joining(","));
  }
}
