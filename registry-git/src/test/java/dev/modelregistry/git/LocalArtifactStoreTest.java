package dev.modelregistry.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.git.store.Hashing;
import dev.modelregistry.git.store.LocalArtifactStore;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's copy: small files through the page cache, large ones with direct I/O (padded to whole
 * blocks, then truncated), and the cached path again where the file system has no direct I/O. Every
 * way must store exactly the source's bytes under exactly their SHA-256.
 */
class LocalArtifactStoreTest {
  @TempDir Path dir;

  @Test
  void temporaryFilesThatKilledWritersLeftAreRemovedByTheNextPutOnceOldEnough() throws Exception {
    Path root = dir.resolve("store");
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    java.time.Instant now = java.time.Instant.now();
    Path old = leftover(tmp, "incoming-1.part", now.minus(java.time.Duration.ofHours(25)));
    Path young = leftover(tmp, "incoming-2.part", now.minus(java.time.Duration.ofHours(23)));
    Path notOurs = leftover(tmp, "notes.txt", now.minus(java.time.Duration.ofDays(30)));
    Path source = Files.write(dir.resolve("model.bin"), new byte[] {1, 2, 3});

    new LocalArtifactStore(root).put(source, ArtifactStore.CopyProgress.NONE);
    assertEquals(
        List.of(young, notOurs),
        List.of(tmp.toFile().listFiles()).stream().map(java.io.File::toPath).sorted().toList(),
        "older than a day: removed; younger, or not a name the store gives: kept");

    new LocalArtifactStore(root, java.time.Duration.ofHours(1))
        .put(source, ArtifactStore.CopyProgress.NONE);
    assertEquals(
        List.of(notOurs),
        List.of(tmp.toFile().listFiles()).stream().map(java.io.File::toPath).toList(),
        "a configured age");
    assertFalse(Files.exists(old));
  }

  private static Path leftover(Path tmp, String name, java.time.Instant modified) throws Exception {
    Path f = Files.write(tmp.resolve(name), new byte[] {9});
    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(modified));
    return f;
  }

  /** Sizes either side of the direct-I/O threshold, block-aligned and not, and an empty file. */
  @Test
  void storesExactlyTheSourceBytesUnderTheirDigestWhateverTheSize() throws Exception {
    long threshold = LocalArtifactStore.DIRECT_IO_FROM;
    Files.writeString(dir.resolve("probe"), "");
    assumeTrue(
        LocalArtifactStore.directIoAlignment(dir.resolve("probe")) > 0,
        "the temporary directory's file system takes direct I/O");
    for (long size :
        new long[] {0, 1, 10_000, threshold - 1, threshold, threshold + 4096, threshold + 1234}) {
      storesExactly(dir.resolve("store-" + size), size);
    }
  }

  @Test
  void fallsBackToTheCachedPathWhereThereIsNoDirectIo() throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(
        Files.isDirectory(shm) && Files.isWritable(shm),
        "needs a tmpfs at /dev/shm, which has no O_DIRECT");
    Path store = Files.createTempDirectory(shm, "store-test-");
    try {
      assertEquals(
          0,
          LocalArtifactStore.directIoAlignment(store),
          "tmpfs takes no direct I/O, so the cached path is the one tested");
      storesExactly(store, LocalArtifactStore.DIRECT_IO_FROM + 1234);
    } finally {
      try (var all = Files.walk(store)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * A source that changes while it is copied, on each copy path: grown (a training job still
   * writing), rewritten in place with its size unchanged, replaced by another file. The change is
   * made by the progress callback, which the copy calls between two reads on its own thread: so the
   * copy has read part of the file, and reads on after the change, every time.
   */
  @Test
  void aSourceThatChangesWhileItIsCopiedIsRefusedAndNothingIsKeptOnTheCachedPath()
      throws Exception {
    refusesAChangeWhileCopying(dir.resolve("cached"), 8L << 20);
  }

  @Test
  void aSourceThatChangesWhileItIsCopiedIsRefusedAndNothingIsKeptOnTheDirectIoPath()
      throws Exception {
    Files.writeString(dir.resolve("probe"), "");
    assumeTrue(
        LocalArtifactStore.directIoAlignment(dir.resolve("probe")) > 0,
        "the temporary directory's file system takes direct I/O");
    refusesAChangeWhileCopying(dir.resolve("direct"), LocalArtifactStore.DIRECT_IO_FROM + 1234);
  }

  private void refusesAChangeWhileCopying(Path storeRoot, long size) throws Exception {
    Path source = dir.resolve("training.bin");
    Map<String, Change> changes = new LinkedHashMap<>();
    changes.put(
        "its size went from " + size + " to " + (size + 4096) + " bytes",
        file -> {
          try (FileChannel out = FileChannel.open(file, StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.allocate(4096)); // the job writes its next block
          }
        });
    changes.put(
        "it was modified at",
        file -> {
          try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0); // bytes already read
            out.write(
                ByteBuffer.wrap(new byte[] {4, 5, 6}),
                size - 3); // and bytes not yet read: same size
          }
        });
    changes.put(
        "it was replaced by another file",
        file -> {
          Path next = dir.resolve("next.bin");
          Files.copy(file, next, StandardCopyOption.REPLACE_EXISTING);
          Files.move(
              next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        });
    for (Map.Entry<String, Change> c : changes.entrySet()) {
      write(source, size);
      // set back in time, as a file finished earlier: a rewrite's new time then differs however
      // coarse the clock
      Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2025-01-15T10:00:00Z")));
      long[] changedAt = {-1};
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  new LocalArtifactStore(storeRoot)
                      .put(
                          source,
                          (done, total) -> {
                            if (changedAt[0] < 0 && done < total) {
                              changedAt[0] = done;
                              try {
                                c.getValue().apply(source);
                              } catch (IOException io) {
                                throw new UncheckedIOException(io);
                              }
                            }
                          }));
      assertTrue(changedAt[0] > 0 && changedAt[0] < size, "changed midway: " + changedAt[0]);
      assertTrue(
          e.getMessage().contains("changed while it was read (" + c.getKey()), e.getMessage());
      assertTrue(e.getMessage().contains("is a training job still writing it?"), e.getMessage());
      assertEquals(
          List.of(),
          TestRegistry.filesUnder(storeRoot),
          "nothing kept, the temporary copy neither");
    }
    // and the file, left alone, is stored
    assertEquals(
        Files.size(source),
        new LocalArtifactStore(storeRoot).put(source, ArtifactStore.CopyProgress.NONE).size());
  }

  @FunctionalInterface
  private interface Change {
    void apply(Path file) throws IOException;
  }

  private static void write(Path file, long size) throws IOException {
    Random random = new Random(size);
    byte[] block = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }

  private void storesExactly(Path storeRoot, long size) throws Exception {
    Path source = dir.resolve("artifact-" + size + ".bin");
    MessageDigest expected = Hashing.sha256();
    Random random = new Random(size);
    byte[] block = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(source)) {
      for (long left = size; left > 0; ) {
        random.nextBytes(block);
        int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        expected.update(block, 0, n);
        left -= n;
      }
    }
    List<Long> progress = new ArrayList<>();
    ArtifactStore.Stored stored =
        new LocalArtifactStore(storeRoot).put(source, (done, total) -> progress.add(done));
    assertEquals(Sha256.of(expected.digest()), stored.sha256(), "digest of " + size + " bytes");
    assertEquals(size, stored.size());
    assertEquals(size, Files.size(stored.location()), "no padding left behind");
    assertEquals(-1L, Files.mismatch(source, stored.location()), "stored bytes differ for " + size);
    assertTrue(progress.stream().allMatch(p -> p <= size));
    try (var leftovers = Files.list(storeRoot.resolve("tmp"))) {
      assertEquals(0, leftovers.count(), "no temporary file left");
    }
    Files.delete(source);
  }
}
