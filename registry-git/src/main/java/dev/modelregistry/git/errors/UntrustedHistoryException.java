package dev.modelregistry.git.errors;

import dev.modelregistry.model.RegistryRefusedException;

/**
 * A branch holds a commit that is not signed by a key trusted at that commit, or that does not say
 * what it changed honestly. The registry refuses to read production from it: the message names the
 * commit and the key.
 */
public class UntrustedHistoryException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  private final String commit;

  public UntrustedHistoryException(String branch, String commit, String problem) {
    super(
        "Branch "
            + branch
            + " cannot be trusted: commit "
            + commit
            + " "
            + problem
            + ".\n"
            + "Nothing was read from it. Find out who wrote that commit (git show "
            + commit.substring(0, 12)
            + "); if it is legitimate, have a trusted signer redo the change through the registry;"
            + " otherwise move the branch back to the commit before it, the last one trusted (README, \"A refusal"
            + " mentions an untrusted commit\").");
    this.commit = commit;
  }

  /** The offending commit's id. */
  public String commit() {
    return commit;
  }
}
