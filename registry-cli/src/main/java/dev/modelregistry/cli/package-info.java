/**
 * The {@code registry} command: one thin picocli subcommand per operation, under the names of the
 * Maven goals. A subcommand reads its options, calls {@code registry-git}, prints the answer (text
 * on standard output, or one JSON document with {@code --json}) and leaves the exit status to
 * {@link dev.modelregistry.cli.ExitStatus}. Nothing here decides anything about the registry; the
 * library's internal packages are never used.
 */
package dev.modelregistry.cli;
