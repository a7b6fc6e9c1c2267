package dev.modelregistry.git.internal;

import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * This user's private state about one registry: the commits already verified, the branch tips seen,
 * the allowed-signers files, rollbacks whose outcome was unknown. It lives under the user's cache
 * directory, never in the registry's Git directory: whoever can write there (everyone who can push
 * to a registry on a shared path) could otherwise add a line that makes an unsigned commit look
 * verified. The directory is created readable and writable by its owner alone, and a directory that
 * another user could write is refused rather than read.
 */
public final class LocalState {
  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");

  private final Path dir;
  private volatile boolean checked;

  private LocalState(Path dir) {
    this.dir = dir;
  }

  /**
   * The state of the registry known by {@code key} (its Git directory's real path, or its URL),
   * under {@code cacheBase}: {@code state/<name>-<hash of key>}.
   */
  public static LocalState of(Path cacheBase, String name, String key) {
    String hash = Hashing.sha256Hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return new LocalState(
        cacheBase
            .toAbsolutePath()
            .normalize()
            .resolve("state")
            .resolve((safe.isEmpty() ? "registry" : safe) + "-" + hash));
  }

  /** The state directory, created private if absent; refused if another user could write it. */
  public Path dir() {
    if (checked) {
      return dir;
    }
    try {
      createPrivate(dir.getParent());
      createPrivate(dir);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot create " + dir + ": " + e.getMessage(), e);
    }
    checkPrivate(dir.getParent());
    checkPrivate(dir);
    checked = true;
    return dir;
  }

  /** A file in the state directory. */
  public Path file(String name) {
    return dir().resolve(name);
  }

  /**
   * Appends whole {@code lines} to {@code file} in one write, as the state's line files are kept: a
   * crash leaves at worst a torn last line, which their readers skip. If the file ends in such a
   * line, the new ones start on a line of their own, or the torn line would swallow the first.
   */
  public static void appendLines(Path file, CharSequence lines) throws IOException {
    boolean torn = false;
    try (java.nio.channels.SeekableByteChannel c = Files.newByteChannel(file)) {
      if (c.size() > 0) {
        java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
        c.position(c.size() - 1).read(last);
        torn = last.get(0) != '\n';
      }
    } catch (java.nio.file.NoSuchFileException absent) {
      // created by the append
    }
    Files.writeString(
        file,
        torn ? "\n" + lines : lines,
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private static void createPrivate(Path d) throws IOException {
    if (Files.isDirectory(d)) {
      return;
    }
    Files.createDirectories(d.getParent());
    try {
      Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectory(d);
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // another process made it first; checked below like any existing directory
    }
  }

  /** Refuses a directory that is not owned by this process's user or that others may write. */
  private static void checkPrivate(Path d) {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(d);
    } catch (UnsupportedOperationException notPosix) {
      return; // no POSIX permissions to judge (Windows): the user profile's own ACLs apply
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot read the permissions of " + d + ": " + e.getMessage(), e);
    }
    boolean othersWrite =
        perms.contains(PosixFilePermission.GROUP_WRITE)
            || perms.contains(PosixFilePermission.OTHERS_WRITE);
    Integer owner = ownerUid(d);
    Integer me = processUid();
    boolean foreign = owner != null && me != null && !owner.equals(me);
    if (othersWrite || foreign) {
      throw new RegistryRefusedException(
          "The registry's local state "
              + d
              + " can be written by "
              + (foreign
                  ? "another user (owner uid " + owner + ")"
                  : "other users (permissions " + PosixFilePermissions.toString(perms) + ")")
              + ", so what it remembers as verified cannot be believed. Nothing was read from it. Make it yours alone"
              + " (chmod 700 "
              + d
              + (foreign ? ", or delete it and let the registry create it again" : "")
              + "); deleting it"
              + " is always safe: it only costs one full verification.");
    }
  }

  private static Integer ownerUid(Path d) {
    try {
      return (Integer) Files.getAttribute(d, "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Integer processUid() {
    try {
      return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (LinkageError | RuntimeException e) {
      return null; // not a Unix JVM
    }
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
