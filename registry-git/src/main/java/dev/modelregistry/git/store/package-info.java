/**
 * Artifact stores: the {@link dev.modelregistry.git.store.ArtifactStore} interface and the local
 * content-addressed store, with the hashing while copying and the verifying streams that every read
 * goes through. A store knows bytes, sha256 and pointers; it knows nothing of Git, branches or
 * trust.
 */
package dev.modelregistry.git.store;
