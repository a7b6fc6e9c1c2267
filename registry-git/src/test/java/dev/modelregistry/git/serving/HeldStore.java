package dev.modelregistry.git.serving;

import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real store whose bytes for one sha256 stop before their first chunk until released: a download
 * caught in flight, as a slow network would hold it, without timing guesses.
 */
final class HeldStore {
  private volatile Sha256 held;
  private final CountDownLatch opened = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** Holds the next read of {@code sha256}'s bytes. */
  void hold(Sha256 sha256) {
    this.held = sha256;
  }

  /** Waits until a download of the held bytes has started. */
  boolean awaitOpened() throws InterruptedException {
    return opened.await(20, TimeUnit.SECONDS);
  }

  void release() {
    release.countDown();
  }

  ArtifactStore wrap(ArtifactStore store) {
    return new ArtifactStore() {
      @Override
      public Stored put(Path source, CopyProgress progress) {
        return store.put(source, progress);
      }

      @Override
      public InputStream open(ArtifactPointer pointer) {
        InputStream in = store.open(pointer);
        if (!pointer.sha256().equals(held)) {
          return in;
        }
        return new FilterInputStream(in) {
          private boolean waited;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (!waited) {
              waited = true;
              opened.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new InterruptedIOException("held download interrupted");
              }
            }
            return super.read(b, off, len);
          }
        };
      }

      @Override
      public void delete(Sha256 sha256) {
        store.delete(sha256);
      }

      @Override
      public String describe(ArtifactPointer pointer) {
        return store.describe(pointer);
      }
    };
  }
}
