package dev.modelregistry.git.internal;

import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.ChecksumLine;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.ModelName;
import dev.modelregistry.model.ModelVersion;
import dev.modelregistry.model.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Each version directory at main's tip: {@code checksum.sha256} and {@code metadata.yaml} agree
 * with {@code artifact.yaml} and the directory's name. Answers the versions whose pointer could be
 * read, for the artifact check (an artifact is checked even where the rest of its directory is
 * damaged).
 */
public final class VersionCheck {
  private VersionCheck() {}

  /** A registered version whose pointer could be read. */
  public record Registered(ModelName model, ModelVersion version, ArtifactPointer pointer) {}

  /** The versions whose pointer could be read; {@code counted} gets the number of versions. */
  public static List<Registered> run(VerifyRun run, int[] counted) {
    Snapshot s = run.snapshot();
    List<Registered> readable = new ArrayList<>();
    for (ModelName m : s.catalog.models()) {
      for (ModelVersion v : s.catalog.versions(m)) {
        counted[0]++;
        ArtifactPointer p = consistency(run, m, v);
        if (p != null) {
          readable.add(new Registered(m, v, p));
        }
      }
    }
    return readable;
  }

  private static ArtifactPointer consistency(VerifyRun run, ModelName m, ModelVersion v) {
    Catalog catalog = run.snapshot().catalog;
    String dir = RegistryFormat.versionDir(m, v);
    ArtifactPointer p = null;
    try {
      p = catalog.pointer(m, v);
      ModelMetadata meta = catalog.metadata(m, v);
      byte[] sum =
          catalog.file(RegistryFormat.versionFile(m, v, RegistryFormat.CHECKSUM_FILE)).orElse(null);
      if (sum == null
          || !ChecksumLine.parse(new String(sum, StandardCharsets.UTF_8))
              .equals(new ChecksumLine(p.sha256(), p.fileName()))) {
        run.add(
            new VerifyFinding(
                dir + "/" + RegistryFormat.CHECKSUM_FILE,
                null,
                "does not match artifact.yaml",
                "restore both files from the registration commit (git log -- " + dir + ")"));
      }
      if (!m.value().equals(meta.model()) || !v.value().equals(meta.version())) {
        run.add(
            new VerifyFinding(
                dir + "/" + RegistryFormat.METADATA_FILE,
                null,
                "names " + meta.model() + " " + meta.version(),
                "restore it from the registration commit"));
      }
    } catch (RegistryException e) {
      run.add(
          new VerifyFinding(
              dir,
              null,
              "cannot be read: " + e.getMessage().lines().findFirst().orElse(""),
              "restore the version directory from its registration commit or from a backup"));
    }
    return p;
  }
}
