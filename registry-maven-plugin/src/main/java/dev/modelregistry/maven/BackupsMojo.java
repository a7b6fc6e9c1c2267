package dev.modelregistry.maven;

import dev.modelregistry.git.BackupsCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import java.io.File;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists the backups at {@code registry.output} (or the policy's {@code backups.path}), oldest
 * first: date, refs, artifacts, size, and whether each verifies in full (every file's sha256, the
 * bundle complete). Fails the build if one does not, naming the file. With {@code registry.output}
 * it needs no registry: it works when the registry is gone.
 */
@Mojo(name = "backups", requiresProject = false, threadSafe = true)
public class BackupsMojo extends AbstractRegistryMojo {

  /**
   * The backup location. Default: the policy's {@code backups.path} (then the registry must open).
   */
  @Parameter(property = RegistryProperties.OUTPUT)
  File output;

  /** The listing of the last run, for tests. */
  BackupsCommand.Listing listing;

  @Override
  protected void run() throws MojoFailureException {
    if (output != null) {
      listing = Registry.backups(output.toPath()).call();
    } else {
      try (Registry registry = openRegistry()) {
        listing = registry.backups().call();
      }
    }
    if (printJson(listing)) {
      fail();
      return;
    }
    if (listing.backups().isEmpty()) {
      info("No backups at " + listing.location() + ".");
      return;
    }
    info("Backups at " + listing.location() + ":");
    AnswerText.backups(listing.backups()).forEach(l -> getLog().info("  " + l));
    for (BackupsCommand.Entry e : listing.backups()) {
      e.problems().forEach(p -> getLog().error(e.name() + ": " + p));
    }
    fail();
  }

  private void fail() throws MojoFailureException {
    if (!listing.allVerified()) {
      throw new MojoFailureException(
          "Refused (nothing was written): not every backup at "
              + listing.location()
              + " verifies"
              + listing
                  .newestVerified()
                  .map(e -> "; the newest that does is " + e.path())
                  .orElse("; none does")
              + ".");
    }
  }
}
