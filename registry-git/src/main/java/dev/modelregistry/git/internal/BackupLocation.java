package dev.modelregistry.git.internal;

import dev.modelregistry.model.RegistryRefusedException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory that holds backups, and how they are laid out in it:
 *
 * <pre>
 * &lt;location&gt;/2025-01-15T020000Z/     one backup: registry.bundle, artifacts/sha256/ab/cdef..., backup-manifest.json(.sha256)
 * &lt;location&gt;/2025-01-16T020000Z/     the next; artifacts it shares with an earlier one are hard links to the same file
 * &lt;location&gt;/.incoming-...           a backup being written (or one a killed backup left): never read as a backup
 * &lt;location&gt;/.backup.lock            held by the backup that writes here
 * </pre>
 *
 * <p>Why a directory per backup with hard links rather than a shared pool of artifacts: each backup
 * directory is then complete on its own (copy it anywhere with {@code cp -a} or {@code rsync -aH},
 * delete any other backup, it still restores), and the file system counts the links, so removing an
 * old backup frees exactly the bytes no other backup holds, with no reference counting of ours.
 *
 * <p>A backup is written under a hidden name and renamed to its final name only once it is complete
 * and checked: a listing sees a whole backup or none. A backup removed by retention is renamed away
 * first, for the same reason.
 */
public final class BackupLocation {
  /**
   * The name of a backup: its creation time in UTC, sortable; {@code -2}, {@code -3} for more in
   * the same second.
   */
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final Pattern NAMED =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{6}Z)(?:-(\\d{1,4}))?");
  private static final String INCOMING = ".incoming-";
  private static final String REMOVING = ".removing-";
  private static final String LOCK = ".backup.lock";

  private final Path dir;

  public BackupLocation(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /**
   * True if {@code name} is the name of a backup directory (not a hidden one being written or
   * removed).
   */
  public static boolean isBackupName(String name) {
    return NAMED.matcher(name).matches();
  }

  /**
   * The entries here named as backups, oldest first (by name: creation time, then the number of one
   * taken in the same second). Nothing is read from them; an entry that is not a directory (or is a
   * symbolic link) is listed too, for the check to refuse by name.
   */
  public List<Path> backups() {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (isBackupName(p.getFileName().toString())) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot list the backups in " + dir + ": " + e.getMessage(), e);
    }
    out.sort(
        java.util.Comparator.comparing((Path p) -> stamp(p.getFileName().toString()))
            .thenComparingInt(p -> sequence(p.getFileName().toString())));
    return out;
  }

  private static String stamp(String name) {
    Matcher m = NAMED.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  private static int sequence(String name) {
    Matcher m = NAMED.matcher(name);
    return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 1;
  }

  /**
   * Takes this location for writing, waiting up to {@code timeout} for another backup here to end,
   * and removes what killed backups left (hidden directories being written or removed): holding the
   * lock, no other backup is at work. The lock file is never deleted; the lock ends with the
   * process.
   */
  public Writing lockForWriting(Duration timeout) {
    try {
      Files.createDirectories(dir);
      FileChannel ch =
          FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      long deadline = System.nanoTime() + timeout.toNanos();
      FileLock lock;
      while ((lock = ch.tryLock()) == null) {
        if (System.nanoTime() > deadline) {
          ch.close();
          throw new RegistryRefusedException(
              "Another backup is being written to "
                  + dir
                  + " (it holds "
                  + dir.resolve(LOCK)
                  + " for more than "
                  + timeout.toSeconds()
                  + " s). Wait for it to end and try again; the lock ends with that"
                  + " process, even if it is killed.");
        }
        Thread.sleep(50);
      }
      Writing w = new Writing(ch, lock);
      removeLeftovers();
      return w;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      throw new RegistryRefusedException(
          "Another backup in this process is being written to " + dir + "; wait for it to end.", e);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot write to the backup location "
              + dir
              + ": "
              + e.getMessage()
              + ". Check that it exists (or can be created), is writable and has space.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException(
          "Interrupted while waiting for " + dir.resolve(LOCK), e);
    }
  }

  /** The lock of a backup being written here. */
  public static final class Writing implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Writing(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException ignored) {
        // the operating system releases the lock with the descriptor
      }
    }
  }

  private void removeLeftovers() throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(INCOMING) || name.startsWith(REMOVING)) {
          deleteTree(p);
        }
      }
    }
  }

  /** A new hidden directory to write a backup into. */
  public Path newIncoming(Instant at) {
    try {
      return Files.createTempDirectory(dir, INCOMING + NAME.format(at) + "-");
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot create a directory in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Gives the complete backup in {@code incoming} its name (from {@code at}), in one rename;
   * answers its path.
   */
  public Path publish(Path incoming, Instant at) {
    String base = NAME.format(at);
    for (int n = 1; n < 10_000; n++) {
      Path target = dir.resolve(n == 1 ? base : base + "-" + n);
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      } catch (java.nio.file.FileAlreadyExistsException
          | java.nio.file.DirectoryNotEmptyException raced) {
        // another name then
      } catch (IOException e) {
        throw new RegistryUnavailableException(
            "Cannot rename " + incoming + " to " + target + ": " + e.getMessage(), e);
      }
    }
    throw new RegistryRefusedException("Too many backups at " + base + " in " + dir + ".");
  }

  /** Removes a backup: renamed out of the listing first, so that no reader takes half of one. */
  public void remove(Path backup) {
    Path away = dir.resolve(REMOVING + backup.getFileName() + "-" + System.nanoTime());
    try {
      Files.move(backup, away, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(away);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Cannot remove the old backup " + backup + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes a directory tree without following a symbolic link in it (a link is removed, never its
   * target).
   */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
