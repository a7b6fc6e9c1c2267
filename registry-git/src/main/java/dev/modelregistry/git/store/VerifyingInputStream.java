package dev.modelregistry.git.store;

import dev.modelregistry.git.errors.ChecksumMismatchException;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Streams an artifact while checking it: counts and hashes every byte, and at the end of the stream
 * throws {@link ChecksumMismatchException} if size or sha256 differ from the pointer. A reader can
 * never take wrong bytes for right ones, whatever store they came from.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final ArtifactPointer expected;
  private final String location;
  private final MessageDigest digest = Hashing.sha256();
  private long count;
  private boolean checked;

  public VerifyingInputStream(InputStream in, ArtifactPointer expected, String location) {
    super(in);
    this.expected = expected;
    this.location = location;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      check();
    } else {
      digest.update((byte) b);
      count++;
      tooLong();
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n < 0) {
      check();
    } else {
      digest.update(buf, off, n);
      count += n;
      tooLong();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("a verified artifact stream is read, not skipped");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void tooLong() {
    if (count > expected.size()) {
      throw mismatch(null);
    }
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    Sha256 actual = Sha256.of(digest.digest());
    if (count != expected.size() || !actual.equals(expected.sha256())) {
      throw mismatch(actual);
    }
  }

  private ChecksumMismatchException mismatch(Sha256 actual) {
    return new ChecksumMismatchException(expected, actual, count, location);
  }
}
