package dev.modelregistry.git.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The subdirectories of one {@code models/<model>} tree, found by binary search in the tree's own
 * bytes. Git keeps a tree's entries sorted, so after one pass that notes where each entry starts, a
 * lookup reads about 17 names at 100k versions and allocates nothing; decoding every name into a
 * map instead costs more than inflating the tree (about 12 ms against 9 ms at 100k versions).
 */
public final class VersionIndex {
  private static final int ID_LENGTH = 20;
  private static final int TREE_MODE = 040000;

  private final byte[] raw;
  private final int[] names; // offset of each entry's name
  private final int[] nameEnds; // offset of the NUL after each entry's name
  private final boolean[] trees;

  /** Indexes the canonical (raw) bytes of a tree object. */
  public VersionIndex(byte[] raw) {
    this.raw = raw;
    int estimate = Math.max(16, raw.length / 30);
    int[] n = new int[estimate];
    int[] e = new int[estimate];
    boolean[] t = new boolean[estimate];
    int count = 0;
    for (int p = 0; p < raw.length; ) {
      if (count == n.length) {
        n = Arrays.copyOf(n, count * 2);
        e = Arrays.copyOf(e, count * 2);
        t = Arrays.copyOf(t, count * 2);
      }
      int mode = 0;
      int q = p;
      while (raw[q] != ' ') {
        mode = (mode << 3) + (raw[q++] - '0');
      }
      int name = q + 1;
      int end = name;
      while (raw[end] != 0) {
        end++;
      }
      n[count] = name;
      e[count] = end;
      t[count] = (mode & 0170000) == TREE_MODE;
      count++;
      p = end + 1 + ID_LENGTH;
    }
    this.names = Arrays.copyOf(n, count);
    this.nameEnds = Arrays.copyOf(e, count);
    this.trees = Arrays.copyOf(t, count);
  }

  /** The tree of subdirectory {@code name}, or null if there is none. */
  public ObjectId tree(String name) {
    byte[] key = name.getBytes(StandardCharsets.UTF_8);
    int lo = 0;
    int hi = names.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(mid, key);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return trees[mid] ? ObjectId.fromRaw(raw, nameEnds[mid] + 1) : null;
      }
    }
    return null;
  }

  /** The names of every subdirectory, in the tree's order. */
  public List<String> treeNames() {
    List<String> out = new ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      if (trees[i]) {
        out.add(new String(raw, names[i], nameEnds[i] - names[i], StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /**
   * Entry {@code i} against a directory named {@code key}, in git's tree order: bytes compared as
   * if a directory's name ended in '/' (and a file's in nothing).
   */
  private int compare(int i, byte[] key) {
    int a = names[i];
    int aEnd = nameEnds[i];
    int k = 0;
    while (a < aEnd && k < key.length) {
      int d = (raw[a] & 0xff) - (key[k] & 0xff);
      if (d != 0) {
        return d;
      }
      a++;
      k++;
    }
    int next = a < aEnd ? raw[a] & 0xff : (trees[i] ? '/' : 0);
    int keyNext = k < key.length ? key[k] & 0xff : '/';
    if (next != keyNext) {
      return next - keyNext;
    }
    // equal so far: equal only if both names ended here
    return a < aEnd ? 1 : k < key.length ? -1 : (trees[i] ? 0 : -1);
  }

  /** How many entries the tree has. */
  public int size() {
    return names.length;
  }
}
