package dev.modelregistry.git.internal;

import dev.modelregistry.model.EnvironmentNames;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;

/**
 * The grammar of a registry repository (format version 1), in one place: branch names and file
 * paths. Everything that reads or writes the repository goes through here, so the format cannot
 * drift between writer and reader.
 *
 * <pre>
 * main:        registry.yaml
 *              models/&lt;model&gt;/&lt;version&gt;/{metadata.yaml, checksum.sha256, artifact.yaml, failed.yaml}
 * production:  production/&lt;model&gt;.yaml   (and the same layout for every other environment)
 * </pre>
 */
public final class RegistryFormat {
  /** The catalogue branch. */
  public static final String MAIN = "main";

  /** The policy file at the root of {@link #MAIN}. */
  public static final String POLICY_FILE = "registry.yaml";

  /** The directory holding every model on {@link #MAIN}. */
  public static final String MODELS_DIR = "models";

  public static final String METADATA_FILE = "metadata.yaml";
  public static final String CHECKSUM_FILE = "checksum.sha256";
  public static final String ARTIFACT_FILE = "artifact.yaml";
  public static final String FAILED_FILE = "failed.yaml";

  private RegistryFormat() {}

  /** {@code refs/heads/<branch>}. */
  public static String ref(String branch) {
    return "refs/heads/" + branch;
  }

  /** {@code models/<model>}. */
  public static String modelDir(ModelName model) {
    return MODELS_DIR + "/" + model.value();
  }

  /** {@code models/<model>/<version>}. */
  public static String versionDir(ModelName model, ModelVersion version) {
    return modelDir(model) + "/" + version.value();
  }

  /** {@code models/<model>/<version>/<file>}. */
  public static String versionFile(ModelName model, ModelVersion version, String file) {
    return versionDir(model, version) + "/" + file;
  }

  /** The environment's branch name: the environment's own name ({@code production}). */
  public static String environmentBranch(String environment) {
    return EnvironmentNames.check(environment);
  }

  /** {@code <environment>/<model>.yaml} on the environment's branch. */
  public static String environmentRecord(String environment, ModelName model) {
    return EnvironmentNames.check(environment) + "/" + model.value() + ".yaml";
  }

  /** {@code promotion/<model>/<version>}: where a reviewed promotion waits for approvals. */
  public static String promotionBranch(ModelName model, ModelVersion version) {
    return "promotion/" + model.value() + "/" + version.value();
  }
}
