package dev.modelregistry.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a registration on {@code main} must be ({@code registrations:}): with {@code signed: true},
 * every commit that adds a version is signed by a trusted signer, and a version whose registration
 * is not can be neither promoted nor rolled back to.
 */
public record RegistrationRule(@JsonProperty("signed") Boolean signed) {

  public RegistrationRule {
    signed = signed != null && signed;
  }

  /** Unsigned registrations allowed: the default. */
  public static RegistrationRule unsignedAllowed() {
    return new RegistrationRule(false);
  }
}
