package dev.modelregistry.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real Git server over SSH on loopback, for tests: Apache MINA sshd (the SSH library JGit's
 * client already uses) with public-key login for one key, running JGit's upload-pack and
 * receive-pack for the bare repositories under a directory, as {@code git-shell} would.
 */
public final class GitSshServer implements AutoCloseable {
  private final SshServer server;
  private final PublicKey hostKey;

  private GitSshServer(Path base, Path hostKeyFile, PublicKey allowed) throws IOException {
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
    hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    server.setKeyPairProvider(hostKeys);
    server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(allowed, key));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCommandFactory((channel, command) -> new GitCommand(command, base));
    server.start();
    List<KeyPair> keys = new java.util.ArrayList<>();
    hostKeys.loadKeys(null).forEach(keys::add);
    hostKey = keys.get(0).getPublic();
  }

  /**
   * Serves the repositories under {@code base} to whoever holds the private half of {@code
   * allowedPublicKey}.
   */
  public static GitSshServer start(Path base, Path hostKeyFile, String allowedPublicKey)
      throws Exception {
    PublicKey allowed =
        PublicKeyEntry.parsePublicKeyEntry(allowedPublicKey.strip())
            .resolvePublicKey(null, null, null);
    return new GitSshServer(base.toAbsolutePath().normalize(), hostKeyFile, allowed);
  }

  /** The URL of repository {@code name}. */
  public String url(String name) {
    return "ssh://git@127.0.0.1:" + server.getPort() + "/" + name;
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  /** The {@code known_hosts} line for this server, as {@code ssh-keyscan} would give it. */
  public String knownHostsLine() {
    return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey);
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /** {@code git-upload-pack '<repo>'} or {@code git-receive-pack '<repo>'}, nothing else. */
  private static final class GitCommand extends AbstractCommandSupport {
    private final Path base;

    GitCommand(String command, Path base) {
      super(command, null);
      this.base = base;
    }

    @Override
    public void run() {
      List<String> words = org.apache.sshd.server.command.CommandFactory.split(getCommand());
      try {
        if (words.size() != 2
            || !List.of("git-upload-pack", "git-receive-pack").contains(words.get(0))) {
          throw new IOException("not a git command: " + getCommand());
        }
        Path dir =
            base.resolve(words.get(1).replaceAll("^'|'$", "").replaceFirst("^/+", "")).normalize();
        if (!dir.startsWith(base) || !Files.isDirectory(dir)) {
          throw new IOException("no repository " + words.get(1));
        }
        try (Repository repo =
            new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
          if (words.get(0).equals("git-upload-pack")) {
            new UploadPack(repo).upload(getInputStream(), getOutputStream(), getErrorStream());
          } else {
            ReceivePack rp = new ReceivePack(repo);
            rp.setAtomic(true);
            rp.receive(getInputStream(), getOutputStream(), getErrorStream());
          }
        }
        onExit(0);
      } catch (IOException | RuntimeException e) {
        onExit(1, String.valueOf(e.getMessage()));
      }
    }
  }
}
