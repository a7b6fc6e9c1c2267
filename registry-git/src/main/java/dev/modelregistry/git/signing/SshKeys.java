package dev.modelregistry.git.signing;

import dev.modelregistry.model.Input;
import dev.modelregistry.model.InvalidInputException;
import dev.modelregistry.model.MissingInputException;
import dev.modelregistry.model.RegistryUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * SSH keys as Git signs with them: OpenSSH private key files, public keys as {@code "ssh-ed25519
 * AAAA..."} lines. Through Apache MINA sshd, which JGit's SSH signing uses too.
 */
public final class SshKeys {

  private SshKeys() {}

  /**
   * Generates an ed25519 key pair, writes the private key (mode 600) to {@code privateKey} and the
   * public key to {@code privateKey + ".pub"}, and returns the public key line.
   */
  public static String generateEd25519(Path privateKey, String comment) {
    return generate(privateKey, comment, "ssh-ed25519", 256);
  }

  /** Generates an RSA key pair of {@code bits}, written as {@link #generateEd25519} does. */
  public static String generateRsa(Path privateKey, String comment, int bits) {
    return generate(privateKey, comment, "ssh-rsa", bits);
  }

  private static String generate(Path privateKey, String comment, String type, int bits) {
    try {
      KeyPair pair = KeyUtils.generateKeyPair(type, bits);
      Files.createDirectories(privateKey.toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(privateKey)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
      }
      try {
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the file is private to the user by default
      }
      String line = PublicKeyEntry.toString(pair.getPublic()) + " " + comment;
      Files.writeString(privateKey.resolveSibling(privateKey.getFileName() + ".pub"), line + "\n");
      return PublicKeyEntry.toString(pair.getPublic());
    } catch (IOException | GeneralSecurityException e) {
      throw new RegistryUnavailableException(
          "Cannot generate a key at " + privateKey + ": " + e.getMessage(), e);
    }
  }

  /**
   * The public key line ({@code "ssh-ed25519 AAAA..."}) of an OpenSSH private key file without a
   * passphrase (a protected one is refused, saying so).
   */
  public static String publicKeyOf(Path privateKey) {
    return publicKeyOf(
        privateKey, KeyPassphrase.from(PassphraseSource.none("give its passphrase")));
  }

  public static String publicKeyOf(Path privateKey, KeyPassphrase passphrase) {
    return PublicKeyEntry.toString(load(privateKey, passphrase).getPublic());
  }

  /**
   * A public key as given to trust it: the key itself ({@code ssh-ed25519 AAAA...}) is returned as
   * it is; anything else is read as the path of a {@code .pub} file.
   */
  public static String publicKeyText(String keyOrFile) {
    if (keyOrFile == null
        || keyOrFile.isBlank()
        || keyOrFile.strip().startsWith("ssh-")
        || keyOrFile.strip().startsWith("ecdsa-")) {
      return keyOrFile;
    }
    Path p = Path.of(keyOrFile.strip());
    if (!Files.isRegularFile(p)) {
      throw new InvalidInputException(
          Input.PUBLIC_KEY,
          "The public key "
              + dev.modelregistry.model.Display.quote(keyOrFile)
              + " is neither a public key file nor a key ('ssh-ed25519 AAAA...').");
    }
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new RegistryUnavailableException("Cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** The SHA256 fingerprint of a public key line, as {@code ssh-keygen -l} prints it. */
  public static String fingerprint(String publicKeyLine) {
    try {
      PublicKey key =
          PublicKeyEntry.parsePublicKeyEntry(publicKeyLine.strip())
              .resolvePublicKey(null, null, null);
      return KeyUtils.getFingerPrint(key);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidInputException("Not an SSH public key: " + abbreviate(publicKeyLine), e);
    }
  }

  /**
   * Reads a public key file ({@code id_ed25519.pub}) or line and returns {@code "<type> <base64>"}.
   */
  public static String normalizePublicKey(String text) {
    String[] parts = text.strip().split("\\s+");
    if (parts.length < 2) {
      throw new InvalidInputException(
          "Not an SSH public key: " + abbreviate(text) + ". Expected 'ssh-ed25519 AAAA...'.");
    }
    String line = parts[0] + " " + parts[1];
    fingerprint(line);
    return line;
  }

  public static KeyPair load(Path privateKey, KeyPassphrase passphrase) {
    if (privateKey == null) {
      throw new MissingInputException(
          Input.SIGNING_KEY,
          "No signing key: give an SSH private key file, or set git config user.signingKey with gpg.format=ssh.");
    }
    if (!Files.isRegularFile(privateKey, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(privateKey)) {
      throw new InvalidInputException(
          "Signing key " + privateKey + " does not exist or is not a file.");
    }
    try (InputStream in = Files.newInputStream(privateKey)) {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(
              null, new PathResource(privateKey), in, passphrase.forMina(privateKey));
      Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
      if (it == null || !it.hasNext()) {
        throw new InvalidInputException("Signing key " + privateKey + " holds no private key.");
      }
      return it.next();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof InvalidInputException iie) {
        throw iie;
      }
      if (passphrase.wasRefused()) {
        throw new InvalidInputException(
            "Signing key "
                + privateKey
                + " did not open with the passphrase given. Check it"
                + " with ssh-keygen -y -f "
                + privateKey
                + ", then "
                + passphrase.howToGive()
                + ".",
            e);
      }
      throw new InvalidInputException(
          "Signing key "
              + privateKey
              + " cannot be read as an OpenSSH private key ("
              + e.getMessage()
              + ").",
          e);
    }
  }

  /**
   * Writes, reads back and signs with a throw-away ed25519 key made in memory, so that the first
   * real key opened in this JVM, and its first signature, find their code loaded and linked: the
   * OpenSSH parser and decoders, the key factories, the curve arithmetic, the SSH signature. For a
   * short-lived front end's warm-up thread. Nothing is written to disk. Answers what was signed,
   * for a test to check; the signature is not checked here, since a command that signs does not
   * check one of its own.
   */
  public static Rehearsal rehearse() throws Exception { // MINA's signature throws Exception
    KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "rehearsal", null, written);
    Iterable<KeyPair> read =
        SecurityUtils.loadKeyPairIdentities(
            null,
            () -> "rehearsal",
            new ByteArrayInputStream(written.toByteArray()),
            FilePasswordProvider.EMPTY);
    KeyPair back = read.iterator().next();
    byte[] data = written.toByteArray();
    Signature signer = BuiltinSignatures.ed25519.create();
    signer.initSigner(null, back.getPrivate());
    signer.update(null, data);
    return new Rehearsal(back.getPublic(), data, signer.sign(null));
  }

  /** What {@link #rehearse()} signed: {@code data}, with the private key of {@code publicKey}. */
  public record Rehearsal(PublicKey publicKey, byte[] data, byte[] signature) {}

  private static String abbreviate(String s) {
    String t = s == null ? "" : s.strip();
    return t.length() > 40 ? "'" + t.substring(0, 40) + "...'" : "'" + t + "'";
  }
}
