package dev.modelregistry.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A limit on what a trusted signer may sign, given in {@code registry.yaml}'s {@code roles:} (keyed
 * by principal). A signer without a role has full rights; a signer with roles may sign only what
 * one of them allows. {@link #ROLLBACK} is for automation (a serving process's key): it may take a
 * bad model out, never put one in, so a stolen service key cannot make a model live.
 */
public enum SignerRole {
  /** May roll back (down the promotion stack) and mark versions failed; nothing else. */
  ROLLBACK("rollback", EnumSet.of(SignedAction.ROLLBACK, SignedAction.FAIL));

  /**
   * The word for "no role, every right", accepted where a role is asked for (to lift a limit);
   * never written in {@code roles:}, where full rights are the absence of an entry.
   */
  public static final String FULL = "full";

  private final String value;
  private final Set<SignedAction> allowed;

  SignerRole(String value, Set<SignedAction> allowed) {
    this.value = value;
    this.allowed = allowed;
  }

  /** The role's name as {@code registry.yaml} spells it. */
  public String value() {
    return value;
  }

  /** True if a signer with this role may sign {@code action}. */
  public boolean allows(SignedAction action) {
    return allowed.contains(action);
  }

  /** What the role allows and forbids, in words ({@code "may roll back and mark failed..."}). */
  public String rights() {
    return "may "
        + words(allowed, " and ")
        + ", never "
        + words(EnumSet.complementOf(EnumSet.copyOf(allowed)), " or ");
  }

  /** {@code "a, b and c"}: the actions in words, the last one after {@code last}. */
  private static String words(Set<SignedAction> actions, String last) {
    java.util.List<String> w = actions.stream().map(SignedAction::words).toList();
    return w.size() < 2
        ? String.join("", w)
        : String.join(", ", w.subList(0, w.size() - 1)) + last + w.get(w.size() - 1);
  }

  /**
   * True if a signer limited to {@code roles} may sign {@code action}: no role means full rights,
   * else one of the roles must allow it.
   */
  public static boolean allow(Set<SignerRole> roles, SignedAction action) {
    return roles.isEmpty() || roles.stream().anyMatch(r -> r.allows(action));
  }

  /**
   * A limited signer's rights in words, for refusals: {@code "rollback only (may roll back and mark
   * failed, never promote, ...)"}.
   */
  public static String describe(Set<SignerRole> roles) {
    if (roles.isEmpty()) {
      return "full rights";
    }
    return roles.stream()
        .map(r -> r.value + " only (" + r.rights() + ")")
        .collect(Collectors.joining("; "));
  }

  /**
   * The role named {@code name}; empty for {@link #FULL}. Refuses any other word, listing the valid
   * ones.
   */
  public static Optional<SignerRole> parse(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    if (n.equals(FULL)) {
      return Optional.empty();
    }
    for (SignerRole r : values()) {
      if (r.value.equals(n)) {
        return Optional.of(r);
      }
    }
    throw new InvalidInputException(
        Input.ROLE,
        "Signer role " + Display.quote(name) + " is not a role; the roles are: " + choices() + ".");
  }

  /** Every valid word with what it means, for messages and help. */
  public static String choices() {
    return FULL
        + " (every right, the default)"
        + Arrays.stream(values())
            .map(r -> ", " + r.value + " (" + r.rights() + ")")
            .collect(Collectors.joining());
  }
}
