package dev.modelregistry.maven;

/**
 * Every user property of the plugin, in one place, all prefixed {@code registry.} so that none can
 * leak into another plugin's parameters (SUREFIRE-1083: a bare {@code -Dgroups} did).
 */
public final class RegistryProperties {
  public static final String URL = "registry.url";
  public static final String MODEL = "registry.model";
  public static final String VERSION = "registry.version";
  public static final String ARTIFACT = "registry.artifact";
  public static final String ARTIFACT_URI = "registry.artifactUri";
  public static final String METADATA = "registry.metadata";
  public static final String STATUS = "registry.status";
  public static final String SORT = "registry.sort";
  public static final String SKIP = "registry.skip";
  public static final String ENVIRONMENT = "registry.environment";
  public static final String REASON = "registry.reason";
  public static final String TO = "registry.to";
  public static final String AT = "registry.at";
  public static final String DRY_RUN = "registry.dryRun";
  public static final String SIGNING_KEY = "registry.signingKey";
  public static final String PRINCIPAL = "registry.principal";
  public static final String PUBLIC_KEY = "registry.publicKey";
  public static final String REMOVE = "registry.remove";
  public static final String DATASET_VERSIONS = "registry.datasetVersions";
  public static final String POLICY_CHANGE = "registry.policyChange";
  public static final String TIPS = "registry.tips";
  public static final String ROOT = "registry.root";
  public static final String CACHE = "registry.cache";
  public static final String FORMAT = "registry.format";
  public static final String OUTPUT = "registry.output";
  public static final String FORCE = "registry.force";
  public static final String FROM = "registry.from";
  public static final String ROLE = "registry.role";
  public static final String POLICY = "registry.policy";

  /** The property, as given on the command line, of a library input ({@code -Dregistry.model}). */
  static String of(dev.modelregistry.model.Input input) {
    return "-D"
        + switch (input) {
          case URL -> URL;
          case MODEL -> MODEL;
          case VERSION -> VERSION;
          case ARTIFACT -> ARTIFACT;
          case METADATA -> METADATA;
          case ENVIRONMENT -> ENVIRONMENT;
          case REASON -> REASON;
          case TO -> TO;
          case AT -> AT;
          case SIGNING_KEY -> SIGNING_KEY;
          case PRINCIPAL -> PRINCIPAL;
          case PUBLIC_KEY -> PUBLIC_KEY;
          case DATASET_VERSIONS -> DATASET_VERSIONS;
          case POLICY_CHANGE -> POLICY_CHANGE;
          case ROOT -> ROOT;
          case OUTPUT -> OUTPUT;
          case FORMAT -> FORMAT;
          case FROM -> FROM;
          case ROLE -> ROLE;
          case POLICY -> POLICY;
        };
  }

  /**
   * The plugin named in full, as a goal is typed outside a project ({@code mvn <PLUGIN>:rollback}).
   */
  public static final String PLUGIN = "dev.modelregistry:registry-maven-plugin";

  /** The embedded registry every goal uses when {@link #URL} is not set. */
  public static final String DEFAULT_URL = "${user.home}/.model-registry";

  private RegistryProperties() {}
}
