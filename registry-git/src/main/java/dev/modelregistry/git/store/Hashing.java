package dev.modelregistry.git.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The JDK's SHA-256, which uses the CPU's SHA instructions where it has them. */
public final class Hashing {
  /** Large enough to keep system calls rare, small enough to stay in cache. */
  public static final int BUFFER = 1 << 20;

  private Hashing() {}

  /** The sha256 of {@code bytes} as 64 lower-case hex digits. */
  public static String sha256Hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(sha256().digest(bytes));
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
