package dev.modelregistry.git.signing;

/**
 * Makes Apache MINA sshd (keys, SSH signing and verification, the SSH transport) use the
 * BouncyCastle classes of its own class loader.
 *
 * <p>Why: by default MINA looks BouncyCastle up by name ({@code Security.getProvider("BC")}), and
 * the JCE provider list is global to the JVM. In a Maven build, a plugin or a build hook with a
 * BouncyCastle of its own class loader may have registered "BC" first; MINA then receives key
 * objects of that other class loader and fails with a {@code ClassCastException}
 * (BC15EdDSAPrivateKey cannot be cast to EdDSAPrivateKey) when it signs. MINA's {@code
 * org.apache.sshd.security.provider.BC.useNamed=false} makes each MINA use a provider instance it
 * creates itself. A value the user set is left alone.
 *
 * <p>It is a JVM-wide system property, so the library sets it only when the caller says so: a front
 * end that runs inside another program's JVM (the Maven plugin) calls this first, or opens the
 * registry with {@code RegistryOptions#isolateBouncyCastle}.
 */
public final class MinaProviders {
  public static final String USE_NAMED_BC = "org.apache.sshd.security.provider.BC.useNamed";

  static final String REGISTRARS = "org.apache.sshd.security.registrars";
  static final String JDK_REGISTRARS =
      JdkEd25519Registrar.class.getName()
          + ",org.apache.sshd.common.util.security.SunJCESecurityProviderRegistrar";

  private MinaProviders() {}

  /** Call before the first use of MINA in this class loader; idempotent. */
  public static void useOwnBouncyCastle() {
    if (System.getProperty(USE_NAMED_BC) == null) {
      System.setProperty(USE_NAMED_BC, "false");
    }
  }

  /**
   * Makes MINA take Ed25519 from the JDK ({@link JdkEd25519Registrar}) and everything else from the
   * JDK's standard providers, leaving BouncyCastle out: MINA registers BouncyCastle by building its
   * whole provider, which a short command that opens one key does not need. RSA and ECDSA keys,
   * encrypted OpenSSH keys and the SSH transport's algorithms come from the JDK as they do with
   * BouncyCastle present. A JVM-wide choice, for a front end that owns its JVM (the CLI); it takes
   * effect only before the first use of MINA, and a registrar list the user set is left alone.
   */
  public static void useJdkEd25519() {
    if (System.getProperty(REGISTRARS) == null) {
      System.setProperty(REGISTRARS, JDK_REGISTRARS);
    }
  }

  /**
   * Loads MINA's key support now, registering its BouncyCastle: the costliest step of opening a
   * signing key in a new JVM (BouncyCastle's provider computes every named curve it offers). A
   * short-lived front end may call it on a thread of its own while it does other work; the first
   * real use then finds it done, or waits for it.
   */
  public static void load() {
    useOwnBouncyCastle();
    org.apache.sshd.common.util.security.SecurityUtils.getKeyPairResourceParser();
  }
}
