package dev.modelregistry.git.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Writes a new tree from a base tree plus a few file changes, rewriting only the trees on the
 * changed paths. A registry with 100,000 versions changes one version directory per commit; reading
 * and writing the whole tree (as a {@code DirCache} would) would make every write cost the size of
 * the registry.
 */
public final class TreeEdit {
  private final Map<String, byte[]> puts = new LinkedHashMap<>();
  private final List<String> deletes = new ArrayList<>();

  /** Writes {@code content} at {@code path} (a regular file). */
  public TreeEdit put(String path, String content) {
    puts.put(path, content.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Removes {@code path}, a file or a whole directory. */
  public TreeEdit delete(String path) {
    deletes.add(path);
    return this;
  }

  /** Applies the changes to {@code base} (null for an empty tree) and returns the new tree's id. */
  public ObjectId apply(ObjectReader reader, ObjectInserter inserter, ObjectId base)
      throws IOException {
    Node root = new Node();
    puts.forEach((p, c) -> root.at(p).content = c);
    deletes.forEach(p -> root.at(p).delete = true);
    ObjectId id = write(reader, inserter, base, root);
    return id == null ? inserter.insert(new TreeFormatter()) : id;
  }

  /** Returns the new tree's id, or null if it is empty. */
  private static ObjectId write(
      ObjectReader reader, ObjectInserter inserter, ObjectId base, Node changes)
      throws IOException {
    Map<String, Entry> entries = new HashMap<>();
    if (base != null) {
      CanonicalTreeParser p = new CanonicalTreeParser(null, reader, base);
      for (; !p.eof(); p.next()) {
        entries.put(
            p.getEntryPathString(),
            new Entry(p.getEntryPathString(), p.getEntryFileMode(), p.getEntryObjectId()));
      }
    }
    for (Map.Entry<String, Node> c : changes.children.entrySet()) {
      String name = c.getKey();
      Node n = c.getValue();
      Entry existing = entries.get(name);
      if (n.delete) {
        entries.remove(name);
      } else if (n.content != null) {
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, n.content);
        entries.put(name, new Entry(name, FileMode.REGULAR_FILE, blob));
      } else {
        ObjectId sub = existing != null && existing.mode == FileMode.TREE ? existing.id : null;
        ObjectId written = write(reader, inserter, sub, n);
        if (written == null) {
          entries.remove(name);
        } else {
          entries.put(name, new Entry(name, FileMode.TREE, written));
        }
      }
    }
    if (entries.isEmpty()) {
      return null;
    }
    TreeMap<String, Entry> sorted = new TreeMap<>(Comparator.naturalOrder());
    entries.values().forEach(e -> sorted.put(e.sortKey(), e));
    TreeFormatter f = new TreeFormatter();
    sorted.values().forEach(e -> f.append(e.name, e.mode, e.id));
    return inserter.insert(f);
  }

  private record Entry(String name, FileMode mode, ObjectId id) {
    /** Git sorts a tree entry as if its name ended in '/'. Names here are ASCII. */
    public String sortKey() {
      return mode == FileMode.TREE ? name + "/" : name;
    }
  }

  private static final class Node {
    final Map<String, Node> children = new LinkedHashMap<>();
    byte[] content;
    boolean delete;

    public Node at(String path) {
      Node n = this;
      for (String part : path.split("/")) {
        n = n.children.computeIfAbsent(part, k -> new Node());
      }
      return n;
    }
  }
}
