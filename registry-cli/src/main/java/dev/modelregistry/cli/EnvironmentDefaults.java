package dev.modelregistry.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults from the environment, so that an ops shell sets its registry once ({@code export
 * REGISTRY_URL=...}) instead of on every line. Only options that name where and as whom to work
 * have one; a version, a reason or {@code --force} never comes from the environment, where a
 * forgotten variable would silently act on the wrong thing, nor does the model of a restore (it
 * would make a restore of the registry one of a single artifact).
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  /** Each option with a default, and the variable it comes from. */
  static final Map<String, String> VARIABLES =
      Map.of(
          "--url", "REGISTRY_URL",
          "--model", "REGISTRY_MODEL",
          "--environment", "REGISTRY_ENVIRONMENT",
          "--signing-key", "REGISTRY_SIGNING_KEY",
          "--principal", "REGISTRY_PRINCIPAL",
          "--dataset-versions", "REGISTRY_DATASET_VERSIONS",
          "--root", "REGISTRY_ROOT");

  private final Map<String, String> env;

  EnvironmentDefaults(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    if (option.longestName().equals("--model")
        && option.command() != null
        && "restore".equals(option.command().name())) {
      return null; // a forgotten REGISTRY_MODEL must not turn the restore of a registry into that
      // of one artifact
    }
    String variable = VARIABLES.get(option.longestName());
    String value = variable == null ? null : env.get(variable);
    return value == null || value.isBlank()
        ? null
        : value; // null: the option's own default applies
  }
}
