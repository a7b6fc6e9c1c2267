/**
 * Serving: what a process that runs a model embeds to follow what an environment runs. {@link
 * dev.modelregistry.git.serving.ModelLoader} follows one model in one environment of a registry (a
 * local path, watched; or a remote, polled), verifies each new record and its artifact, and hands
 * the verified file to the service's callback; {@link dev.modelregistry.git.serving.LoaderListener}
 * hears what it loaded, what it refused and why.
 *
 * <p>This room is a client of the porcelain ({@link dev.modelregistry.git.Registry} and its
 * commands): it takes and gives values of ours, never a JGit type, and reads no environment
 * variable or system property. What must not live here: the format's details (they are in {@code
 * internal}), and any code or command read from the registry (the smoke check is the caller's
 * callback, see DESIGN.md).
 */
package dev.modelregistry.git.serving;
