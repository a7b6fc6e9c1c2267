/**
 * Signing commits and checking signatures: SSH keys and their passphrases, the trusted signers in
 * the {@code allowed_signers} format, one commit's signature checked against them. What a front end
 * needs to name a key lives here ({@link dev.modelregistry.git.signing.CommitSigner}, {@link
 * dev.modelregistry.git.signing.TrustedSigners}); which signer is trusted when is decided by the
 * verifier in {@code internal}, not here.
 */
package dev.modelregistry.git.signing;
