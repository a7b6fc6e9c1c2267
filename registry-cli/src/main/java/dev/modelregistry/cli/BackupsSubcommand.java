package dev.modelregistry.cli;

import dev.modelregistry.git.BackupsCommand;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.text.AnswerText;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code registry backups}: the backups at a location, each checked in full; exit 1 if one does not
 * verify.
 */
@Command(
    name = "backups",
    description = {
      "List the backups at a backup location, oldest first, each checked in full",
      "(every file's sha256, the bundle complete). Exit status 1 if one does not verify; each problem names the file.",
      "With --output it needs no registry: it works when the registry is gone."
    })
final class BackupsSubcommand extends RegistrySubcommand {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description =
          "The backup location. Default: backups.path in registry.yaml (then the registry must open).")
  Path output;

  @Override
  protected ExitStatus run() {
    BackupsCommand.Listing listing;
    if (output != null) {
      listing = Registry.backups(output).call();
    } else {
      try (Registry r = open()) {
        listing = r.backups().call();
      }
    }
    ExitStatus status = listing.allVerified() ? ExitStatus.DONE : ExitStatus.REFUSED;
    if (printJson(listing)) {
      return status;
    }
    if (listing.backups().isEmpty()) {
      say("No backups at " + listing.location() + ".");
      return status;
    }
    say("Backups at " + listing.location() + ":");
    AnswerText.backups(listing.backups()).forEach(l -> say("  " + l));
    for (BackupsCommand.Entry e : listing.backups()) {
      e.problems().forEach(p -> say(e.name() + ": " + p));
    }
    if (status != ExitStatus.DONE) {
      say(
          "Not every backup verifies"
              + listing
                  .newestVerified()
                  .map(e -> "; the newest that does is " + e.path())
                  .orElse("; none does")
              + ".");
    }
    return status;
  }
}
