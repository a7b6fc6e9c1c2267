package dev.modelregistry.git.internal;

import dev.modelregistry.git.errors.RegistryDamagedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.CorruptPackIndexException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.PackInvalidException;
import org.eclipse.jgit.errors.PackMismatchException;

/**
 * Tells a damaged object database apart from a passing failure. Every read of the registry wraps
 * JGit's {@code IOException} as "unavailable" (a full disk, a network share gone: retrying may
 * help); when the cause is a missing or corrupt object, retrying never helps and the fix is a
 * restore, so the failure becomes a {@link RegistryDamagedException} that says so.
 */
public final class ObjectDamage {
  private ObjectDamage() {}

  /**
   * {@code e} as a {@link RegistryDamagedException} if a missing or corrupt object caused it; empty
   * otherwise.
   *
   * @param gitDir the repository read
   * @param remote the remote's name if the repository is this machine's cache of a remote registry
   */
  public static Optional<RegistryDamagedException> of(
      RegistryUnavailableException e, Path gitDir, String remote) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof MissingObjectException
          || t instanceof CorruptObjectException
          || t instanceof PackInvalidException
          || t instanceof PackMismatchException
          || t instanceof CorruptPackIndexException) {
        return Optional.of(new RegistryDamagedException(message(e, gitDir, remote), e));
      }
    }
    return Optional.empty();
  }

  private static String message(RegistryUnavailableException e, Path gitDir, String remote) {
    if (remote != null) {
      return "This machine's cache of "
          + remote
          + " at "
          + gitDir
          + " is damaged ("
          + e.getMessage()
          + "). Remove that directory: the next command clones the registry"
          + " again. If the remote itself is damaged, restore it from a backup.";
    }
    return "The registry at "
        + gitDir
        + " is damaged: its Git object database lacks or cannot read an object ("
        + e.getMessage()
        + "). Retrying will not help. Restore the registry from the newest"
        + " backup (restore, a dry run first; the damaged one is kept aside), then verify.";
  }
}
