package dev.modelregistry.git;

import dev.modelregistry.git.internal.Bundles;
import dev.modelregistry.model.BackupManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The registry at a restore's target now, as far as it can be read: whether one is there, its refs,
 * whether it is the backup's registry at all. A registry too damaged to open is still "there" (it
 * is kept aside as it is), with what made it unreadable.
 *
 * @param sameRegistry whether main's history there holds the backup's root commit (null: unknown)
 * @param problem why it cannot be read, or null
 */
record RegistryAtTarget(
    boolean exists, Map<String, ObjectId> refs, Boolean sameRegistry, String problem) {

  /** What is at {@code target}, compared with a backup whose root commit is {@code backupRoot}. */
  static RegistryAtTarget read(Path target, String backupRoot) {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || isEmptyDirectory(target)) {
      return new RegistryAtTarget(false, Map.of(), null, null);
    }
    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(gitDir(target).toFile()).setMustExist(true).build()) {
      Map<String, ObjectId> refs = Bundles.refsToBackUp(repo);
      return new RegistryAtTarget(true, refs, mainHolds(repo, backupRoot), null);
    } catch (IOException | RuntimeException e) {
      return new RegistryAtTarget(
          true,
          Map.of(),
          null,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** The Git directory of the registry at {@code target}: itself (bare) or its {@code .git}. */
  static Path gitDir(Path target) {
    return Files.isDirectory(target.resolve(Constants.DOT_GIT))
        ? target.resolve(Constants.DOT_GIT)
        : target;
  }

  /** Every ref of either side, with its id here and in the backup, by name. */
  List<RestoreCommand.RefChange> changesTo(Map<String, ObjectId> restored) {
    List<RestoreCommand.RefChange> out = new ArrayList<>();
    Set<String> names = new HashSet<>(refs.keySet());
    names.addAll(restored.keySet());
    for (String ref : new TreeSet<>(names)) {
      ObjectId a = refs.get(ref);
      ObjectId b = restored.get(ref);
      out.add(
          new RestoreCommand.RefChange(
              ref, a == null ? null : a.name(), b == null ? null : b.name()));
    }
    return out;
  }

  /** The refs a manifest lists, by name. */
  static Map<String, ObjectId> refsOf(BackupManifest m) {
    Map<String, ObjectId> out = new TreeMap<>();
    m.refs().forEach(r -> out.put(r.name(), ObjectId.fromString(r.id())));
    return out;
  }

  /**
   * True if {@code commit} is on main's first-parent chain: where a registry's root of trust always
   * is.
   */
  private static Boolean mainHolds(Repository repo, String commit) throws IOException {
    ObjectId main = repo.resolve(Constants.R_HEADS + "main");
    if (main == null) {
      return null;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      for (RevCommit c = walk.parseCommit(main); ; c = walk.parseCommit(c.getParent(0))) {
        if (c.name().equals(commit)) {
          return true;
        }
        if (c.getParentCount() == 0) {
          return false;
        }
      }
    }
  }

  /**
   * The first commit of main's first-parent chain: what tells one registry from another at the same
   * place.
   */
  static String firstCommitOfMain(Repository repo) throws IOException {
    ObjectId main = repo.resolve(Constants.R_HEADS + "main");
    if (main == null) {
      return null;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(main);
      while (c.getParentCount() > 0) {
        c = walk.parseCommit(c.getParent(0));
      }
      return c.name();
    }
  }

  static boolean isEmptyDirectory(Path dir) {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
