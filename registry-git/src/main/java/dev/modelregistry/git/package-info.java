/**
 * The registry's porcelain: {@link dev.modelregistry.git.Registry}, opened on a path or a Git URL
 * with {@link dev.modelregistry.git.RegistryOptions}, and one command per operation ({@code
 * register}, {@code promote}, {@code rollback}...), each a builder that runs once and returns a
 * result record. This is what a front end (the Maven plugin, the {@code registry} command, a
 * serving process) uses.
 *
 * <p>What must not live here: JGit types in signatures where a value of ours would do, any front
 * end's syntax in messages ({@code -D...}, {@code --...}, {@code mvn ...}), and the format's
 * details, which are in {@code internal}.
 */
package dev.modelregistry.git;
