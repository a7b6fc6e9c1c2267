package dev.modelregistry.git.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Channels over an HTTP body's stream for {@link HashingCopy}, moving large chunks: the JDK's
 * {@code Channels.newChannel} moves at most 8 KiB per call, which at loopback speed makes the call
 * overhead, not the network, the limit.
 */
final class StreamChannels {
  private static final int CHUNK = 1 << 18;

  private StreamChannels() {}

  static ReadableByteChannel reading(InputStream in) {
    return new ReadableByteChannel() {
      private final byte[] chunk = new byte[CHUNK];
      private boolean open = true;

      @Override
      public int read(ByteBuffer dst) throws IOException {
        int n = in.read(chunk, 0, Math.min(chunk.length, dst.remaining()));
        if (n > 0) {
          dst.put(chunk, 0, n);
        }
        return n;
      }

      @Override
      public boolean isOpen() {
        return open;
      }

      @Override
      public void close() throws IOException {
        open = false;
        in.close();
      }
    };
  }

  static WritableByteChannel writing(OutputStream out) {
    return writing(out, () -> {});
  }

  /** As {@link #writing(OutputStream)}, telling {@code wrote} after every write. */
  static WritableByteChannel writing(OutputStream out, Runnable wrote) {
    return new WritableByteChannel() {
      private final byte[] chunk = new byte[CHUNK];
      private boolean open = true;

      @Override
      public int write(ByteBuffer src) throws IOException {
        int n = Math.min(chunk.length, src.remaining());
        src.get(chunk, 0, n);
        out.write(chunk, 0, n);
        wrote.run();
        return n;
      }

      @Override
      public boolean isOpen() {
        return open;
      }

      @Override
      public void close() throws IOException {
        open = false;
        out.close();
      }
    };
  }
}
