package dev.modelregistry.git.errors;

import dev.modelregistry.model.RegistryRefusedException;

/**
 * Main's {@code registry.yaml} holds a change that is not in force: no trusted signer signed it, or
 * it still waits for the approvals its policy requires. What depends on the policy is refused until
 * the change is undone or comes into force; what runs, and rollbacks, go on under the policy in
 * force.
 */
public class UntrustedPolicyException extends RegistryRefusedException {
  private static final long serialVersionUID = 1L;

  private final String commit;

  /**
   * @param commit the commit whose change of registry.yaml is not in force
   * @param pending true if it is signed and waits for approvals; false if no trusted signer made it
   * @param problem what keeps it out of force, in words
   */
  public UntrustedPolicyException(String what, String commit, boolean pending, String problem) {
    super(
        what
            + " refused: registry.yaml on branch main was changed by commit "
            + commit
            + ", which "
            + problem
            + ". That policy is not in force, so nothing that depends on it is done; what runs now and rollbacks are not"
            + " affected.\n"
            + fix(commit, pending));
    this.commit = commit;
  }

  private static String fix(String c, boolean pending) {
    if (pending) {
      return "Have another trusted signer approve it (approve, naming the policy change "
          + c
          + "), or revert it (git revert "
          + c
          + ", then push).";
    }
    return "Undo it: git revert "
        + c
        + " and push (a revert that brings back the policy in force needs no signature). If"
        + " the change was meant, have a trusted signer commit it signed (git -c gpg.format=ssh -c user.signingKey=<key>"
        + " commit -S), after the revert.";
  }

  /** The commit whose change is not in force. */
  public String commit() {
    return commit;
  }
}
