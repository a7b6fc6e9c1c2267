package dev.modelregistry.git;

/**
 * Who writes a registry's commits: a name and an email, as git's {@code user.name} and {@code
 * user.email} say them. For a signed commit the email is the signer's trusted principal instead.
 */
public record Committer(String name, String email) {
  public Committer {
    if (name == null || name.isBlank() || email == null || email.isBlank()) {
      throw new dev.modelregistry.model.InvalidInputException(
          "A committer needs a name and an email.");
    }
  }
}
