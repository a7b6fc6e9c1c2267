package dev.modelregistry.git;

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

  UntrustedPolicyException(String what, MainHistory.Entry tip, String problem) {
    super(what + " refused: registry.yaml on branch main was changed by commit " + tip.change().name() + ", which " + problem
        + ". That policy is not in force, so nothing that depends on it is done; what runs now and rollbacks are not"
        + " affected.\n" + fix(tip));
    this.commit = tip.change().name();
  }

  private static String fix(MainHistory.Entry tip) {
    String c = tip.change().name();
    if (tip.state() == MainHistory.State.PENDING) {
      return "Have another trusted signer approve it (approve with registry.policyChange=" + c + "), or revert it (git revert "
          + c + ", then push).";
    }
    return "Undo it: git revert " + c + " and push (a revert that brings back the policy in force needs no signature). If"
        + " the change was meant, have a trusted signer commit it signed (git -c gpg.format=ssh -c user.signingKey=<key>"
        + " commit -S), after the revert.";
  }

  /** The commit whose change is not in force. */
  public String commit() {
    return commit;
  }
}
