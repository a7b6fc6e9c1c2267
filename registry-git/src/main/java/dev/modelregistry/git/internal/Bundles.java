package dev.modelregistry.git.internal;

import dev.modelregistry.git.store.FileCopy;
import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.model.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.BundleWriter;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportBundleStream;
import org.eclipse.jgit.transport.URIish;

/**
 * A backup's Git bundle: written from a registry's refs with JGit's {@link BundleWriter} (what
 * {@code git bundle verify} and {@code git clone} read), and read back by fetching every ref from
 * it with each object checked and the graph checked complete, which is what "the bundle is
 * readable" means for a restore.
 */
public final class Bundles {
  private Bundles() {}

  /**
   * The refs a backup holds: every ref under {@code refs/} but a clone's remote-tracking refs (a
   * remote registry's local cache keeps the remote's branches as its own), by name.
   */
  public static Map<String, ObjectId> refsToBackUp(Repository repo) throws IOException {
    Map<String, ObjectId> out = new TreeMap<>();
    for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
      if (r.getName().startsWith(Constants.R_REMOTES)
          || r.isSymbolic()
          || r.getObjectId() == null) {
        continue;
      }
      out.put(r.getName(), r.getObjectId());
    }
    return out;
  }

  /**
   * Writes a bundle of {@code refs} to {@code file} (which must not exist), forced to disk; answers
   * its sha256 and size.
   */
  public static FileCopy.Hashed write(Repository repo, Map<String, ObjectId> refs, Path file)
      throws IOException {
    BundleWriter writer = new BundleWriter(repo);
    refs.forEach(writer::include);
    MessageDigest digest = Hashing.sha256();
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.WRITE,
            StandardOpenOption.CREATE_NEW,
            LinkOption.NOFOLLOW_LINKS)) {
      CountingDigest out =
          new CountingDigest(
              new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), digest);
      writer.writeBundle(NullProgressMonitor.INSTANCE, out);
      out.flush();
      ch.force(true);
      return new FileCopy.Hashed(Sha256.of(digest.digest()), out.count);
    }
  }

  /**
   * Fetches every ref of the bundle at {@code file} into {@code into} (a new repository), objects
   * checked ({@code ObjectChecker}) and the graph complete; answers the refs the bundle holds. A
   * damaged or truncated bundle is an {@link IOException} saying what JGit found.
   */
  public static Map<String, ObjectId> fetch(Path file, Repository into) throws IOException {
    quiet(into);
    try {
      return fetchQuietly(file, into);
    } finally {
      unquiet(into);
    }
  }

  private static Map<String, ObjectId> fetchQuietly(Path file, Repository into) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        Transport t = new TransportBundleStream(into, new URIish().setPath(file.toString()), in)) {
      t.setCheckFetchedObjects(true);
      t.setRemoveDeletedRefs(false);
      FetchResult result =
          t.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+refs/*:refs/*")));
      Map<String, ObjectId> refs = new TreeMap<>();
      for (Ref r : result.getAdvertisedRefs()) {
        if (r.getName().startsWith(Constants.R_REFS)) {
          refs.put(r.getName(), r.getObjectId());
        }
      }
      return refs;
    } catch (TransportException | RuntimeException e) {
      // JGit reports a bad pack or a missing object as either; both mean the bundle cannot be
      // restored
      throw new IOException(
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
  }

  /**
   * No automatic gc after the fetch: JGit would otherwise start one in the background, holding
   * {@code gc.log.lock} in a repository that a check deletes, or a restore renames, a moment later,
   * and log an ERROR on standard error when it cannot unlock it there. A bundle's objects arrive as
   * one pack: there is nothing to gc. Saved, not only set: JGit reloads a config file written a
   * moment ago (racily clean) and would drop a setting held in memory only. {@link #unquiet}
   * removes them again, so that a restored registry is gc'd as any other.
   */
  private static void quiet(Repository repo) throws IOException {
    StoredConfig config = repo.getConfig();
    config.setBoolean("fetch", null, "autogc", false);
    config.setInt("gc", null, "auto", 0);
    config.setBoolean("gc", null, "autoDetach", false);
    config.save();
  }

  private static void unquiet(Repository repo) throws IOException {
    StoredConfig config = repo.getConfig();
    config.unset("fetch", null, "autogc");
    config.unset("gc", null, "auto");
    config.unset("gc", null, "autoDetach");
    config.save();
  }

  /** The refs the bundle at {@code file} names in its header, reading nothing of its pack. */
  public static Map<String, ObjectId> header(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      // "# v2 git bundle", then "[-]<id> <ref>" lines, then an empty line before the pack
      java.io.BufferedReader r =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
      String first = r.readLine();
      if (first == null || !(first.equals("# v2 git bundle") || first.equals("# v3 git bundle"))) {
        throw new IOException("not a Git bundle (its first line is not '# v2 git bundle')");
      }
      Map<String, ObjectId> refs = new TreeMap<>();
      for (String line; (line = r.readLine()) != null && !line.isEmpty(); ) {
        if (line.startsWith("-") || line.startsWith("@")) {
          throw new IOException("the bundle needs objects it does not hold (" + line + ")");
        }
        int space = line.indexOf(' ');
        if (space != Constants.OBJECT_ID_STRING_LENGTH
            || !ObjectId.isId(line.substring(0, space))) {
          throw new IOException("malformed ref line '" + line + "'");
        }
        refs.put(line.substring(space + 1), ObjectId.fromString(line.substring(0, space)));
      }
      return refs;
    }
  }

  /** Counts what passes, while the digest sees it. */
  private static final class CountingDigest extends DigestOutputStream {
    long count;

    CountingDigest(OutputStream out, MessageDigest digest) {
      super(out, digest);
    }

    @Override
    public void write(int b) throws IOException {
      super.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      super.write(b, off, len);
      count += len;
    }
  }
}
