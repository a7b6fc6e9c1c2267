/**
 * Registries behind a Git URL: the local cache clone of a remote, fetch and push with a lease, the
 * retry of a write that lost a race, credentials, and links to a forge's pull requests. Used by
 * {@code Registry}, which talks to {@link dev.modelregistry.git.remote.RemoteSync} and {@link
 * dev.modelregistry.git.remote.RemoteWrites} only; a front end never calls it. What a registry is
 * (format, trust) is not decided here.
 */
package dev.modelregistry.git.remote;
