package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registry's policy: the content of {@code registry.yaml} on branch {@code main}. It names the
 * format version, which versions are accepted, the environments with their gates and approvals, the
 * trusted signers (lines in OpenSSH's {@code allowed_signers} format), how changes of the policy
 * itself and registrations must be signed and approved, retention, the artifact store, where
 * backups go ({@link BackupPolicy}, optional), and which signers are limited to a role ({@code
 * roles:}, keyed by principal, optional: a signer absent from it has full rights). Roles live
 * beside the signer lines, never in them: the lines are fed to {@code git verify-commit} as they
 * are, and {@code ssh-keygen} refuses options it does not know.
 */
@JsonPropertyOrder({
  "format_version",
  "versions",
  "environments",
  "signers",
  "roles",
  "policy_changes",
  "registrations",
  "retention",
  "store",
  "backups"
})
public record Policy(
    @JsonProperty("format_version") Integer formatVersion,
    @JsonProperty("versions") VersionRule versions,
    @JsonProperty("environments") Map<String, EnvironmentPolicy> environments,
    @JsonProperty("signers") List<String> signers,
    @JsonProperty("policy_changes")
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Policy.IsDefault.class)
        PolicyChangeRule policyChanges,
    @JsonProperty("registrations")
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Policy.IsDefault.class)
        RegistrationRule registrations,
    @JsonProperty("retention") RetentionPolicy retention,
    @JsonProperty("store") StorePolicy store,
    @JsonProperty("backups")
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Policy.IsDefault.class)
        BackupPolicy backups,
    @JsonProperty("roles") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, List<String>> roles) {

  /** The only format this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  /** The environment every registry has. */
  public static final String PRODUCTION = "production";

  public Policy {
    if (formatVersion == null || formatVersion != FORMAT_VERSION) {
      throw new InvalidInputException(
          "registry.yaml has format_version "
              + formatVersion
              + "; this version of the registry reads format "
              + FORMAT_VERSION
              + ". Upgrade the registry tools, or check that this is a registry.");
    }
    versions = versions == null ? VersionRule.semanticOnly() : versions;
    environments =
        environments == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    if (!environments.containsKey(PRODUCTION)) {
      throw new InvalidInputException(
          "registry.yaml declares no 'production' environment; every registry has one. Add"
              + " 'environments: {production: {}}' on branch main.");
    }
    for (String env : environments.keySet()) {
      EnvironmentNames.check(env);
    }
    signers = signers == null ? List.of() : List.copyOf(signers);
    for (String line : signers) {
      // each becomes one line of an allowed_signers file: a line break in one would smuggle in
      // another signer
      if (line == null) {
        throw new InvalidInputException(
            "registry.yaml lists an empty signer; each signer is one allowed_signers line:"
                + " '<principal> <key type> <base64>'.");
      }
      java.util.OptionalInt bad = UnsafeCharacters.firstIn(line);
      if (bad.isPresent()) {
        throw new InvalidInputException(
            "registry.yaml lists a signer "
                + Display.quote(line)
                + " that holds "
                + UnsafeCharacters.name(bad.getAsInt())
                + "; "
                + UnsafeCharacters.RULE
                + ". Each signer is one allowed_signers"
                + " line: '<principal> <key type> <base64>'.");
      }
    }
    policyChanges = policyChanges == null ? PolicyChangeRule.signedOnly() : policyChanges;
    registrations = registrations == null ? RegistrationRule.unsignedAllowed() : registrations;
    retention = retention == null ? RetentionPolicy.defaults() : retention;
    store = store == null ? StorePolicy.embedded() : store;
    backups = backups == null ? BackupPolicy.none() : backups;
    roles = SignerRoles.checked(roles, signers);
  }

  /** A policy without a {@code roles:} block (what every registry had before roles). */
  public Policy(
      Integer formatVersion,
      VersionRule versions,
      Map<String, EnvironmentPolicy> environments,
      List<String> signers,
      PolicyChangeRule policyChanges,
      RegistrationRule registrations,
      RetentionPolicy retention,
      StorePolicy store,
      BackupPolicy backups) {
    this(
        formatVersion,
        versions,
        environments,
        signers,
        policyChanges,
        registrations,
        retention,
        store,
        backups,
        Map.of());
  }

  /** A policy without a {@code backups:} block (what every registry had before backups). */
  public Policy(
      Integer formatVersion,
      VersionRule versions,
      Map<String, EnvironmentPolicy> environments,
      List<String> signers,
      PolicyChangeRule policyChanges,
      RegistrationRule registrations,
      RetentionPolicy retention,
      StorePolicy store) {
    this(
        formatVersion,
        versions,
        environments,
        signers,
        policyChanges,
        registrations,
        retention,
        store,
        BackupPolicy.none(),
        Map.of());
  }

  /**
   * The policy a new registry starts with: semantic versions, a {@code production} environment with
   * the seeds' gates ({@code ic > 0.02}, {@code sharpe > 0.5}) and no review, the embedded store,
   * default retention, the given trusted signers.
   */
  public static Policy defaults(List<String> signers) {
    Map<String, EnvironmentPolicy> envs = new LinkedHashMap<>();
    envs.put(PRODUCTION, new EnvironmentPolicy(0, Gates.seedsProduction()));
    return new Policy(
        FORMAT_VERSION,
        VersionRule.semanticOnly(),
        envs,
        signers,
        PolicyChangeRule.signedOnly(),
        RegistrationRule.unsignedAllowed(),
        RetentionPolicy.defaults(),
        StorePolicy.embedded(),
        BackupPolicy.none(),
        Map.of());
  }

  /**
   * Leaves the rules for policy changes and registrations out of a written {@code registry.yaml}
   * while they are the defaults, so a new registry's policy shows only what people usually edit.
   */
  static final class IsDefault {
    @Override
    public boolean equals(Object value) {
      return value == null
          || value.equals(PolicyChangeRule.signedOnly())
          || value.equals(RegistrationRule.unsignedAllowed())
          || value.equals(BackupPolicy.none());
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  /**
   * This policy with {@code signers} as its trusted signers. The roles of principals no longer
   * among them go with them: a role belongs to a trusted signer.
   */
  public Policy withSigners(List<String> signers) {
    java.util.Set<String> kept = new java.util.HashSet<>();
    signers.forEach(l -> kept.add(SignerRoles.principalOf(l)));
    Map<String, List<String>> still = new LinkedHashMap<>(roles);
    still.keySet().retainAll(kept);
    Change c = change();
    c.signers = signers;
    c.roles = still;
    return c.policy();
  }

  /** This policy with {@code store} as where new artifacts go. */
  public Policy withStore(StorePolicy store) {
    Change c = change();
    c.store = store;
    return c.policy();
  }

  /** This policy with {@code backups} as where backups go and how many are kept. */
  public Policy withBackups(BackupPolicy backups) {
    Change c = change();
    c.backups = backups;
    return c.policy();
  }

  /**
   * This policy with {@code principal} limited to {@code roles} (empty: full rights again, the
   * entry removed).
   */
  public Policy withRoles(String principal, java.util.Set<SignerRole> roles) {
    Map<String, List<String>> next = new LinkedHashMap<>(this.roles);
    if (roles.isEmpty()) {
      next.remove(principal);
    } else {
      next.put(principal, roles.stream().sorted().map(SignerRole::value).toList());
    }
    Change c = change();
    c.roles = next;
    return c.policy();
  }

  /** A copy of this policy's parts, for a with-er to change one or two of. */
  private Change change() {
    return new Change(this);
  }

  /**
   * The parts of a policy being changed: a record has no copy with one component replaced, and the
   * with-ers would otherwise each spell out the whole constructor.
   */
  private static final class Change {
    private final Integer formatVersion;
    private final VersionRule versions;
    private final Map<String, EnvironmentPolicy> environments;
    private List<String> signers;
    private final PolicyChangeRule policyChanges;
    private final RegistrationRule registrations;
    private final RetentionPolicy retention;
    private StorePolicy store;
    private BackupPolicy backups;
    private Map<String, List<String>> roles;

    private Change(Policy p) {
      formatVersion = p.formatVersion;
      versions = p.versions;
      environments = p.environments;
      signers = p.signers;
      policyChanges = p.policyChanges;
      registrations = p.registrations;
      retention = p.retention;
      store = p.store;
      backups = p.backups;
      roles = p.roles;
    }

    private Policy policy() {
      return new Policy(
          formatVersion,
          versions,
          environments,
          signers,
          policyChanges,
          registrations,
          retention,
          store,
          backups,
          roles);
    }
  }

  /** The roles {@code principal} is limited to; empty for a signer with full rights. */
  public java.util.Set<SignerRole> rolesOf(String principal) {
    return SignerRoles.of(roles, principal);
  }

  /**
   * True if {@code principal} (a trusted signer) may sign {@code action}: it has no role, or one of
   * its roles allows it.
   */
  public boolean may(String principal, SignedAction action) {
    return SignerRole.allow(rolesOf(principal), action);
  }

  /** The rules of one environment; refuses an environment the policy does not declare. */
  public EnvironmentPolicy environment(String name) {
    EnvironmentPolicy p = environments.get(name);
    if (p == null) {
      throw new InvalidInputException(
          "Environment "
              + Display.quote(name)
              + " is not declared in registry.yaml; declared: "
              + String.join(", ", environments.keySet())
              + ".");
    }
    return p;
  }
}
