package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.modelregistry.git.internal.VersionIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary search over a tree's bytes finds exactly what git's own tree parser finds. */
class VersionIndexTest {
  @TempDir Path dir;

  @Test
  void findsEveryDirectoryAndNothingElseInGitsTreeOrder() throws Exception {
    Random random = new Random(42);
    List<String> directories =
        new ArrayList<>(
            List.of(
                "v1.0",
                "v1.0.0",
                "v1.0.0-rc.1",
                "v1.0.0+build.7",
                "v1.0.0-",
                "v1.0.0.0",
                "v1.0.1",
                "2025.01.15",
                "2025.1.15",
                "v10.0.0",
                "v9.0.0",
                "a-b",
                "a.b",
                "a0"));
    for (int i = 0; i < 3000; i++) {
      directories.add(
          "v"
              + random.nextInt(30)
              + "."
              + random.nextInt(30)
              + "."
              + random.nextInt(300)
              + (random.nextInt(5) == 0 ? "-rc." + random.nextInt(9) : ""));
    }
    List<String> files = List.of("a", "v1.0.0-notes", "v2", "README.md", "v1.0.0.txt");
    try (Repository repo = FileRepositoryBuilder.create(dir.resolve("r.git").toFile())) {
      repo.create(true);
      ObjectId tree = writeTree(repo, directories, files);
      try (ObjectReader reader = repo.newObjectReader()) {
        Map<String, ObjectId> expected = new HashMap<>();
        for (CanonicalTreeParser p = new CanonicalTreeParser(null, reader, tree);
            !p.eof();
            p.next()) {
          if (p.getEntryFileMode() == FileMode.TREE) {
            expected.put(p.getEntryPathString(), p.getEntryObjectId());
          }
        }
        VersionIndex index =
            new VersionIndex(reader.open(tree, Constants.OBJ_TREE).getCachedBytes());
        assertEquals(expected.size() + files.size(), index.size());
        for (Map.Entry<String, ObjectId> e : expected.entrySet()) {
          assertEquals(e.getValue(), index.tree(e.getKey()), e.getKey());
        }
        for (String file : files) {
          assertNull(index.tree(file), "a file is not a version directory: " + file);
        }
        for (String absent :
            List.of("", "v", "v1", "v1.0.0-rc", "v1.0.0-rc.10", "zzz", "v1.0.0/", "0", "\u00e9")) {
          assertNull(index.tree(absent), absent);
        }
        List<String> listed = index.treeNames();
        assertEquals(expected.keySet(), new java.util.HashSet<>(listed));
        // the listing follows the tree's order, so this also proves the index read it in order
        List<String> parserOrder = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(reader)) {
          tw.addTree(tree);
          while (tw.next()) {
            if (tw.isSubtree()) {
              parserOrder.add(tw.getNameString());
            }
          }
        }
        assertEquals(parserOrder, listed);
      }
    }
  }

  /**
   * A tree with a subdirectory (holding one file) per name in {@code directories}, and {@code
   * files}.
   */
  private static ObjectId writeTree(Repository repo, List<String> directories, List<String> files)
      throws Exception {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder b = index.builder();
    try (ObjectInserter ins = repo.newObjectInserter()) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String d : directories) {
        if (seen.add(d)) {
          b.add(entry(ins, d + "/metadata.yaml", "version: " + d));
        }
      }
      for (String f : files) {
        b.add(entry(ins, f, "file " + f));
      }
      b.finish();
      ObjectId tree = index.writeTree(ins);
      ins.flush();
      return tree;
    }
  }

  private static DirCacheEntry entry(ObjectInserter ins, String path, String content)
      throws Exception {
    DirCacheEntry e = new DirCacheEntry(path);
    e.setFileMode(FileMode.REGULAR_FILE);
    e.setObjectId(ins.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
    return e;
  }
}
