package dev.modelregistry.cli;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.text.AnswerText;
import dev.modelregistry.model.AtomicFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code registry signers}: the trusted signers as git's allowed-signers file, so that Git alone
 * can check, each limited signer's role in a comment line before its own.
 */
@Command(
    name = "signers",
    description = {
      "The trusted signers, as git's allowed-signers file (a role in a '#' line before its signer).",
      "  registry signers -o /tmp/allowed_signers",
      "  git -c gpg.ssh.allowedSignersFile=/tmp/allowed_signers log --show-signature production"
    })
final class SignersSubcommand extends RegistrySubcommand {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write them to this file (replaced whole).")
  Path output;

  @Override
  protected ExitStatus run() {
    try (Registry r = open()) {
      TrustedSigners signers = TrustedSigners.of(r.policy());
      List<String> lines = signers.lines();
      List<String> text = AnswerText.signers(signers);
      if (output != null) {
        AtomicFile.writeString(output, String.join("\n", text) + (text.isEmpty() ? "" : "\n"));
      }
      if (printJson(Map.of("signers", lines, "roles", AnswerText.roles(signers)))) {
        return ExitStatus.DONE;
      }
      if (output != null) {
        say(
            "Wrote "
                + lines.size()
                + " trusted signer(s) to "
                + output
                + ". Then: git -c gpg.ssh.allowedSignersFile="
                + output.toAbsolutePath()
                + " log --show-signature production");
      } else {
        text.forEach(this::say);
      }
      return ExitStatus.DONE;
    }
  }
}
