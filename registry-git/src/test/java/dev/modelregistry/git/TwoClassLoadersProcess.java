package dev.modelregistry.git;

import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.model.Policy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code TwoClassLoadersProcess <dir> [<signing key>]}: what a Maven build does when a build hook
 * or another plugin loaded this library (and so BouncyCastle) in a class loader of its own before
 * the registry's plugin runs. The other loader makes a key first, which registers its BouncyCastle
 * in the JVM; then this loader makes a key (or takes the one given, whose passphrase may come from
 * the environment) and signs a registry's first commit. Prints the root commit; exits non-zero on
 * failure. A separate JVM, so that no earlier test decided which loader came first.
 */
public final class TwoClassLoadersProcess {
  private TwoClassLoadersProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    dev.modelregistry.git.signing.MinaProviders
        .useOwnBouncyCastle(); // what the Maven plugin does first, as a front end
    ClassLoader mine = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader other =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread()
          .setContextClassLoader(other); // as Maven sets it for a plugin or a hook
      other
          .loadClass(SshKeys.class.getName())
          .getMethod("generateEd25519", Path.class, String.class)
          .invoke(null, dir.resolve("hook-key"), "hook@example.com");
    } finally {
      Thread.currentThread().setContextClassLoader(mine);
    }
    Path key = args.length > 1 ? Path.of(args[1]) : dir.resolve("ops-key");
    if (args.length == 1) {
      SshKeys.generateEd25519(key, "ops@example.com");
    }
    // a protected key's passphrase from the environment, as a front end hands it over
    CommitSigner signer =
        CommitSigner.sshKey(
            key, new dev.modelregistry.git.signing.EnvironmentPassphrases(System.getenv(), null));
    try (Registry r =
        Registry.init(
            dir.resolve("registry").toString(),
            Policy.defaults(List.of("ops@example.com " + signer.publicKey())),
            new Committer("Ops", "ops@example.com"),
            signer)) {
      System.out.println("root " + r.rootCommit());
    }
  }
}
