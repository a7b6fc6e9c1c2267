package dev.modelregistry.git;

import dev.modelregistry.git.errors.UnknownVersionException;
import dev.modelregistry.git.internal.CasRetry;
import dev.modelregistry.git.internal.RegistryFormat;
import dev.modelregistry.git.internal.RegistryLock;
import dev.modelregistry.git.internal.SigningIdentity;
import dev.modelregistry.git.internal.Trailers;
import dev.modelregistry.git.internal.TreeEdit;
import dev.modelregistry.model.Display;
import dev.modelregistry.model.FailureMark;
import dev.modelregistry.model.Input;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.SafeMapper;
import dev.modelregistry.model.SignedAction;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Marks a version failed ({@code failed.yaml} on main, a signed commit): it can never be promoted
 * again. If the version is live somewhere, the outcome says where, so that the caller rolls back:
 * marking it failed does not change what runs.
 */
public final class FailCommand extends RegistryCommand<FailCommand.Outcome> {
  private String model;
  private String version;
  private String reason;

  FailCommand(Registry registry) {
    super(registry);
  }

  public FailCommand model(String model) {
    this.model = model;
    return this;
  }

  public FailCommand version(String version) {
    this.version = version;
    return this;
  }

  public FailCommand reason(String reason) {
    this.reason = reason;
    return this;
  }

  public FailCommand signingKey(Path key) {
    this.signingKey = key;
    return this;
  }

  /**
   * The outcome.
   *
   * @param liveIn environments whose record still names the failed version: roll them back
   */
  public record Outcome(
      ModelName model,
      ModelVersion version,
      FailureMark mark,
      String commit,
      List<String> liveIn) {}

  @Override
  Outcome run() {
    ModelName m = Registry.requireModel(model);
    ModelVersion v = Registry.requireVersion(version);
    if (reason == null || reason.isBlank()) {
      throw new MissingInputException(
          Input.REASON, "Marking a version failed needs a reason, recorded with the mark.");
    }
    return registry.write(() -> mark(m, v));
  }

  private Outcome mark(ModelName m, ModelVersion v) {
    try (RegistryLock lock = registry.lock()) {
      return CasRetry.onFreshSnapshots(
          registry.context(),
          "main",
          "marking " + m + " " + v + " failed",
          s -> {
            if (!s.catalog.hasVersion(m, v)) {
              throw new UnknownVersionException(m, v, s.catalog.versions(m));
            }
            s.catalog
                .failure(m, v)
                .ifPresent(
                    f -> {
                      throw new RegistryRefusedException(
                          m
                              + " "
                              + v
                              + " is already marked failed ("
                              + Display.escape(f.reason())
                              + ", by "
                              + Display.escape(f.by())
                              + " at "
                              + f.at()
                              + "). Nothing was written.");
                    });
            SigningIdentity who =
                SigningIdentity.resolve(
                    registry.context(),
                    signer(),
                    s.signersNow(),
                    "Marking " + m + " " + v + " failed",
                    SignedAction.FAIL);
            Instant now = registry.clock().instant();
            FailureMark mark = new FailureMark(reason.strip(), who.principal(), now);
            TreeEdit edit =
                new TreeEdit()
                    .put(
                        RegistryFormat.versionFile(m, v, RegistryFormat.FAILED_FILE),
                        SafeMapper.writeYaml(mark));
            Trailers t =
                Trailers.of(Trailers.ACTION, "fail")
                    .with(Trailers.MODEL, m.value())
                    .with(Trailers.VERSION, v.value())
                    .with(Trailers.REASON, reason);
            var id = s.commitMain(edit, who, now, "Mark " + m + " " + v + " failed", reason, t);
            if (id != null) {
              List<String> live = new ArrayList<>();
              for (String env : s.policy().environments().keySet()) {
                s.environment(env)
                    .current(m)
                    .filter(r -> r.version().equals(v.value()))
                    .ifPresent(r -> live.add(env));
              }
              return new Outcome(m, v, mark, id.name(), live);
            }
            return null; // the branch moved: run again on the new state
          });
    }
  }
}
