package dev.modelregistry.git.signing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.apache.sshd.common.config.keys.PrivateKeyEntryDecoder;
import org.apache.sshd.common.config.keys.PublicKeyEntryDecoder;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSAUtils;
import org.apache.sshd.common.util.security.eddsa.generic.GenericEd25519PublicKeyDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericOpenSSHEd25519PrivateKeyEntryDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericSignatureEd25519;

/**
 * Ed25519 for Apache MINA sshd from the JDK's own provider (SunEC, Java 15 and later) instead of
 * BouncyCastle. MINA's generic decoders and signature do the SSH encoding; this class only converts
 * between raw key bytes and the JDK's key objects, as MINA's BouncyCastle support does for its
 * keys. Installed by {@link JdkEd25519Registrar}.
 */
final class JdkEd25519Support implements EdDSASupport<EdECPublicKey, EdECPrivateKey> {
  static final String ALGORITHM = "Ed25519";

  @Override
  public PublicKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> getEDDSAPublicKeyEntryDecoder() {
    return new GenericEd25519PublicKeyDecoder<>(EdECPublicKey.class, EdECPrivateKey.class, this) {
      @Override
      public KeyPairGenerator getKeyPairGenerator() throws GeneralSecurityException {
        return new Ed25519Generator();
      }
    };
  }

  @Override
  public PrivateKeyEntryDecoder<EdECPublicKey, EdECPrivateKey>
      getOpenSSHEDDSAPrivateKeyEntryDecoder() {
    return new GenericOpenSSHEd25519PrivateKeyEntryDecoder<>(
        EdECPublicKey.class, EdECPrivateKey.class, this) {
      @Override
      public KeyPairGenerator getKeyPairGenerator() throws GeneralSecurityException {
        return new Ed25519Generator();
      }
    };
  }

  @Override
  public Signature getEDDSASigner() {
    return new GenericSignatureEd25519(ALGORITHM);
  }

  @Override
  public int getEDDSAKeySize(Key key) {
    return isEd25519(key) ? KEY_SIZE : -1;
  }

  @Override
  public Class<EdECPublicKey> getEDDSAPublicKeyType() {
    return EdECPublicKey.class;
  }

  @Override
  public Class<EdECPrivateKey> getEDDSAPrivateKeyType() {
    return EdECPrivateKey.class;
  }

  @Override
  public boolean compareEDDSAPPublicKeys(PublicKey k1, PublicKey k2) {
    return isEd25519(k1) && isEd25519(k2) && k1.equals(k2);
  }

  @Override
  public boolean compareEDDSAPrivateKeys(PrivateKey k1, PrivateKey k2) {
    return isEd25519(k1) && isEd25519(k2) && k1.equals(k2);
  }

  /**
   * The JDK has no call that derives the public key from a private one; its key pair generator does
   * exactly that from 32 random bytes, so it is fed the private key's seed as its randomness.
   */
  @Override
  public EdECPublicKey recoverEDDSAPublicKey(PrivateKey key) throws GeneralSecurityException {
    if (!(key instanceof EdECPrivateKey edKey) || !isEd25519(key)) {
      throw new InvalidKeyException("Not an Ed25519 private key");
    }
    byte[] seed =
        edKey.getBytes().orElseThrow(() -> new InvalidKeyException("Private key has no bytes"));
    KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
    generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
    return (EdECPublicKey) generator.generateKeyPair().getPublic();
  }

  @Override
  public EdECPublicKey generateEDDSAPublicKey(byte[] seed) throws GeneralSecurityException {
    return (EdECPublicKey)
        KeyFactory.getInstance(ALGORITHM).generatePublic(EdDSAUtils.createPublicKeySpec(seed));
  }

  @Override
  public EdECPrivateKey generateEDDSAPrivateKey(byte[] seed) throws GeneralSecurityException {
    return (EdECPrivateKey)
        KeyFactory.getInstance(ALGORITHM).generatePrivate(EdDSAUtils.createPrivateKeySpec(seed));
  }

  @Override
  public <B extends Buffer> B putRawEDDSAPublicKey(B buffer, PublicKey key) {
    buffer.putBytes(getPublicKeyData(asPublic(key)));
    return buffer;
  }

  @Override
  public <B extends Buffer> B putEDDSAKeyPair(B buffer, PublicKey pubKey, PrivateKey prvKey) {
    // as MINA's BouncyCastle support: the SSH agent's key-pair encoding is not offered
    throw new UnsupportedOperationException("Writing an Ed25519 key pair to a buffer");
  }

  @Override
  public KeySpec createPublicKeySpec(EdECPublicKey publicKey) {
    return new X509EncodedKeySpec(publicKey.getEncoded());
  }

  @Override
  public KeySpec createPrivateKeySpec(EdECPrivateKey privateKey) {
    return new PKCS8EncodedKeySpec(privateKey.getEncoded());
  }

  @Override
  public byte[] getPublicKeyData(EdECPublicKey publicKey) {
    try {
      return publicKey == null ? null : EdDSAUtils.getBytes(publicKey);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public byte[] getPrivateKeyData(EdECPrivateKey privateKey) throws IOException {
    try {
      return EdDSAUtils.getBytes(privateKey);
    } catch (InvalidKeyException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public String getKeyFactoryAlgorithm() {
    return ALGORITHM;
  }

  private static boolean isEd25519(Key key) {
    return key instanceof EdECKey ed && ALGORITHM.equalsIgnoreCase(ed.getParams().getName());
  }

  private static EdECPublicKey asPublic(PublicKey key) {
    if (key instanceof EdECPublicKey ed && isEd25519(key)) {
      return ed;
    }
    throw new IllegalArgumentException("Not an Ed25519 public key: " + key);
  }

  /** Randomness that is the given seed: the key pair generator's private key is then the seed. */
  private static final class SeedRandom extends SecureRandom {
    private final byte[] seed;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("Ed25519 asked for " + bytes.length + " random bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }

  /**
   * The JDK's Ed25519 key pair generator, taking the key size MINA gives (256, the key's size in
   * SSH) for the curve: the JDK itself names Ed25519 by 255 bits and refuses 256.
   */
  private static final class Ed25519Generator extends KeyPairGenerator {
    private final KeyPairGenerator jdk;

    Ed25519Generator() throws GeneralSecurityException {
      super(ALGORITHM);
      jdk = KeyPairGenerator.getInstance(ALGORITHM);
    }

    @Override
    public void initialize(int keySize, SecureRandom random) {
      try {
        jdk.initialize(NamedParameterSpec.ED25519, random);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Ed25519 key generation: " + e.getMessage(), e);
      }
    }

    @Override
    public KeyPair generateKeyPair() {
      return jdk.generateKeyPair();
    }
  }
}
