package dev.modelregistry.git.internal;

import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.RegistryException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Every pointer's artifact (or only those environments run or ran) read in full: present, with its
 * size and sha256.
 */
public final class ArtifactCheck {
  private ArtifactCheck() {}

  /** Returns how many artifacts were read. */
  public static int run(
      VerifyRun run, List<VersionCheck.Registered> readable, boolean inEnvironmentsOnly) {
    List<VersionCheck.Registered> todo =
        readable.stream()
            .filter(
                r ->
                    !inEnvironmentsOnly || run.referenced().contains(r.model() + "/" + r.version()))
            .toList();
    ArtifactStore store = run.registry().storeFor(run.policy());
    int done = 0;
    for (VersionCheck.Registered r : todo) {
      run.progress("artifacts", done++, todo.size());
      ArtifactPointer p = r.pointer();
      String mv = r.model() + " " + r.version();
      try (InputStream in = store.openVerified(p)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (ChecksumMismatchException e) {
        run.add(
            new VerifyFinding(
                "artifact of " + mv,
                null,
                "sha256 "
                    + (e.actual() == null ? "(longer than registered)" : e.actual().hex())
                    + " but registered "
                    + p.sha256().hex()
                    + " at "
                    + store.describe(p),
                "if the version is live, roll back first; then restore the artifact from a backup (restore, naming "
                    + mv
                    + "), or install -m 444 a copy whose sha256 is "
                    + p.sha256().hex()
                    + " at "
                    + store.describe(p)
                    + ", or register the model again under a new version"));
      } catch (RegistryException e) {
        run.add(
            new VerifyFinding(
                "artifact of " + mv,
                null,
                e.getMessage().lines().findFirst().orElse(""),
                "restore the artifact from a backup (restore, naming "
                    + mv
                    + "), or install -m 444 a copy whose sha256 is "
                    + p.sha256().hex()
                    + " at "
                    + store.describe(p)
                    + ", or register the model again under a new version"));
      } catch (IOException e) {
        throw new RegistryUnavailableException(
            "Cannot read " + store.describe(p) + ": " + e.getMessage(), e);
      }
    }
    run.progress("artifacts", todo.size(), todo.size());
    return todo.size();
  }
}
