package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a change of {@code registry.yaml} itself comes into force ({@code policy_changes:}): signed
 * by a trusted signer always, and with {@code required_approvals} approvals by other trusted
 * signers when the policy asks for four eyes on its own rules, as on promotions.
 */
public record PolicyChangeRule(@JsonProperty("required_approvals") Integer requiredApprovals) {

  public PolicyChangeRule {
    requiredApprovals = requiredApprovals == null ? 0 : requiredApprovals;
    if (requiredApprovals < 0 || requiredApprovals > 10) {
      throw new InvalidInputException(
          "policy_changes.required_approvals must be between 0 and 10, not "
              + requiredApprovals
              + ".");
    }
  }

  /** Signed, no approvals: the default. */
  public static PolicyChangeRule signedOnly() {
    return new PolicyChangeRule(0);
  }
}
