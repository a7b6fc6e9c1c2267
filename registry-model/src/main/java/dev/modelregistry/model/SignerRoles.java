package dev.modelregistry.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of {@code registry.yaml}'s {@code roles:} against its {@code signers:}: which roles
 * exist, that only trusted principals hold them, and that a limit cannot be walked around. Kept
 * apart from {@link Policy} so that the policy's record stays a list of its parts.
 */
final class SignerRoles {
  private SignerRoles() {}

  /**
   * {@code roles} checked against {@code signers} and normalised (role names lower-case, each once,
   * in their declared order), unmodifiable; refuses, with the rule, a map that breaks one.
   */
  static Map<String, List<String>> checked(Map<String, List<String>> roles, List<String> signers) {
    if (roles == null || roles.isEmpty()) {
      return Map.of();
    }
    Set<String> principals = new LinkedHashSet<>();
    signers.forEach(l -> principals.add(principalOf(l)));
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : roles.entrySet()) {
      String principal = e.getKey();
      if (principal == null || !principal.matches("[^\\s,\"*?!]+")) {
        // a pattern (a@x,b@y or *@x) would be matched by SSH against the committer, but a role
        // is looked up by the exact principal: the limit would not apply to who signs
        throw new InvalidInputException(
            "registry.yaml gives roles to "
                + Display.quote(principal)
                + ", which is not one principal; roles name exact principals, as"
                + " trust writes them (no spaces, commas, quotes or wildcards).");
      }
      if (!principals.contains(principal)) {
        throw new InvalidInputException(
            "registry.yaml gives roles to "
                + Display.quote(principal)
                + ", who is not among its signers ("
                + (principals.isEmpty() ? "none" : String.join(", ", principals))
                + "). Roles limit trusted signers only: trust the signer first, or remove "
                + Display.quote(principal)
                + " from roles.");
      }
      out.put(principal, names(principal, e.getValue()));
    }
    refuseKeyOfTwoRights(out, signers);
    if (out.keySet().containsAll(principals)) {
      throw new InvalidInputException(
          "registry.yaml limits every signer with a role ("
              + String.join(", ", out.keySet())
              + "): nobody could promote or change the policy again. Leave at least one signer"
              + " out of roles, with full rights.");
    }
    return Collections.unmodifiableMap(out);
  }

  private static List<String> names(String principal, List<String> given) {
    if (given == null || given.isEmpty()) {
      throw new InvalidInputException(
          "registry.yaml gives "
              + principal
              + " an empty list of roles; give at least one ("
              + SignerRole.choices()
              + "), or remove "
              + principal
              + " from roles for full rights.");
    }
    EnumSet<SignerRole> set = EnumSet.noneOf(SignerRole.class);
    for (String name : given) {
      java.util.Optional<SignerRole> role;
      try {
        role = SignerRole.parse(name);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            "registry.yaml gives "
                + principal
                + " the role "
                + Display.quote(name)
                + ", which is not a role; the roles are: "
                + SignerRole.choices()
                + ".");
      }
      if (role.isEmpty()) {
        throw new InvalidInputException(
            "registry.yaml gives "
                + principal
                + " the role '"
                + SignerRole.FULL
                + "'; full rights are the absence of a role: remove "
                + principal
                + " from roles instead.");
      }
      set.add(role.get());
    }
    List<String> out = new ArrayList<>();
    set.forEach(r -> out.add(r.value()));
    return List.copyOf(out);
  }

  /**
   * Refuses a key trusted both for a limited principal and for another with other rights: whoever
   * holds it would get the wider rights by committing as the other principal.
   */
  private static void refuseKeyOfTwoRights(Map<String, List<String>> roles, List<String> signers) {
    Map<String, String> firstPrincipal = new HashMap<>();
    for (String line : signers) {
      String key = keyOf(line);
      String principal = principalOf(line);
      String other = firstPrincipal.putIfAbsent(key, principal);
      if (other != null
          && !other.equals(principal)
          && !roles
              .getOrDefault(other, List.of())
              .equals(roles.getOrDefault(principal, List.of()))) {
        throw new InvalidInputException(
            "registry.yaml trusts one key for "
                + other
                + " and for "
                + principal
                + " with different roles: whoever holds it could sign as either, and so with the"
                + " wider rights. Trust a limited signer's key for that signer only.");
      }
    }
  }

  /** The roles of {@code principal} in a checked map; empty: full rights. */
  static Set<SignerRole> of(Map<String, List<String>> roles, String principal) {
    List<String> names = principal == null ? null : roles.get(principal);
    if (names == null) {
      return Set.of();
    }
    EnumSet<SignerRole> set = EnumSet.noneOf(SignerRole.class);
    names.forEach(n -> SignerRole.parse(n).ifPresent(set::add));
    return Collections.unmodifiableSet(set);
  }

  /** The principal of an {@code allowed_signers} line: its first field. */
  static String principalOf(String line) {
    return line.strip().split("\\s+")[0];
  }

  /** The {@code "<type> <base64>"} of an {@code allowed_signers} line: its last two fields. */
  private static String keyOf(String line) {
    String[] p = line.strip().split("\\s+");
    return p.length < 2 ? line.strip() : p[p.length - 2] + " " + p[p.length - 1];
  }
}
