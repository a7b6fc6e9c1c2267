package dev.modelregistry.git;

import java.io.File;
import org.eclipse.jgit.internal.storage.file.LockFile;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A separate process that starts a ref update as JGit does (takes {@code <ref>.lock} and writes the
 * new id into it), says so, and never finishes it: killed, it leaves the lock file exactly as a
 * writer killed mid-update does. {@code RefLockHolder <gitDir> <ref> <new id>}.
 */
public final class RefLockHolder {
  private RefLockHolder() {}

  public static void main(String[] args) throws Exception {
    LockFile lock = new LockFile(new File(args[0], args[1]));
    if (!lock.lock()) {
      System.out.println("busy");
      return;
    }
    lock.write(ObjectId.fromString(args[2]));
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
