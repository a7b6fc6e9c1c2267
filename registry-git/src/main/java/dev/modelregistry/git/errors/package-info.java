/**
 * The exceptions a caller can act on, beyond the two kinds every registry error is (refused,
 * unavailable, in {@code dev.modelregistry.model}): a checksum that does not match, a gate that
 * failed, a change someone else made first, a push whose outcome is unknown, an untrusted commit or
 * policy, an unknown version. Each message says what was found and what to do.
 *
 * <p>Nothing else lives here: no logic, no JGit or internal types in their signatures.
 */
package dev.modelregistry.git.errors;
