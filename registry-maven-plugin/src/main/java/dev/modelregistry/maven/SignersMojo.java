package dev.modelregistry.maven;

import dev.modelregistry.git.Registry;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.git.text.AnswerText;
import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints the trusted signers of the policy in force as an OpenSSH {@code allowed_signers} file, or
 * writes it to {@code registry.output}: what {@code git log --format=%G?} and {@code git
 * verify-commit} need ({@code git config gpg.ssh.allowedSignersFile <file>}) to check the
 * registry's signatures from Git alone. A limited signer's role is in a comment line before its
 * own.
 */
@Mojo(name = "signers", requiresProject = false, threadSafe = true)
public class SignersMojo extends AbstractRegistryMojo {

  /** A file to write the allowed-signers lines to; default: print them. */
  @Parameter(property = RegistryProperties.OUTPUT)
  File output;

  /** The lines of the last run, for tests. */
  List<String> lines = List.of();

  @Override
  protected void run() {
    try (Registry registry = openRegistry()) {
      TrustedSigners signers = TrustedSigners.of(registry.policy());
      lines = signers.lines();
      List<String> text = AnswerText.signers(signers);
      if (output != null) {
        dev.modelregistry.model.AtomicFile.writeString(
            output.toPath(), String.join("\n", text) + (text.isEmpty() ? "" : "\n"));
      }
      if (printJson(java.util.Map.of("signers", lines, "roles", AnswerText.roles(signers)))) {
        return;
      }
      if (output != null) {
        getLog()
            .info(
                "Wrote "
                    + lines.size()
                    + " trusted signer(s) to "
                    + output
                    + ". Then: git config gpg.ssh.allowedSignersFile "
                    + output.getAbsolutePath());
      } else {
        text.forEach(
            l -> System.out.println(l)); // the file's text, for a shell redirect even under -q
      }
    }
  }
}
