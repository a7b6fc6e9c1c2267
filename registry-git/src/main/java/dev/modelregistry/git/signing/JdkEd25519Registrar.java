package dev.modelregistry.git.signing;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import org.apache.sshd.common.util.security.AbstractSecurityProviderRegistrar;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;

/**
 * A MINA sshd security registrar that offers Ed25519 (keys, key pairs, signatures) from the JDK's
 * SunEC provider, with {@link JdkEd25519Support}. MINA otherwise takes Ed25519 from BouncyCastle,
 * whose provider is built in full the first time MINA starts: the costliest step of a short-lived
 * command that signs. Named in MINA's registrar list by {@link MinaProviders#useJdkEd25519()}.
 */
public final class JdkEd25519Registrar extends AbstractSecurityProviderRegistrar {
  private static final String PROVIDER = "SunEC";
  // sorted, case-insensitively: MINA looks names up by binary search
  private static final String ALGORITHMS = "Ed25519,EdDSA";
  private static final JdkEd25519Support SUPPORT = new JdkEd25519Support();

  /** Called by MINA, by reflection, when it reads its registrar list. */
  public JdkEd25519Registrar() {
    super("JdkEd25519");
  }

  @Override
  public String getProviderName() {
    return PROVIDER;
  }

  @Override
  public Provider getSecurityProvider() {
    return Security.getProvider(PROVIDER);
  }

  @Override
  public boolean isNamedProviderUsed() {
    return true;
  }

  @Override
  public boolean isSupported() {
    return Security.getProvider(PROVIDER) != null;
  }

  @Override
  public String getDefaultSecurityEntitySupportValue(Class<?> entityType) {
    boolean offered =
        KeyFactory.class.isAssignableFrom(entityType)
            || KeyPairGenerator.class.isAssignableFrom(entityType)
            || java.security.Signature.class.isAssignableFrom(entityType);
    return offered ? ALGORITHMS : NO_OPTIONS_VALUE;
  }

  @Override
  public Optional<EdDSASupport<?, ?>> getEdDSASupport() {
    return Optional.of(SUPPORT);
  }
}
