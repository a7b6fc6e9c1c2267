package dev.modelregistry.model;

/**
 * What a signed commit does, as far as a signer's {@link SignerRole} is concerned: the rights a
 * role grants or withholds. A signer without a role may do all of them.
 */
public enum SignedAction {
  PROMOTE("promote"),
  APPROVE("approve"),
  ROLLBACK("roll back"),
  FAIL("mark failed"),
  CHANGE_POLICY("change the policy or its signers"),
  REGISTER("register"),
  COLLECT("collect versions (gc)");

  private final String words;

  SignedAction(String words) {
    this.words = words;
  }

  /** The action in plain words ({@code "roll back"}), for messages. */
  public String words() {
    return words;
  }
}
