package dev.modelregistry.git.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Credentials from git's own credential helpers ({@code git credential fill}), for HTTP(S) remotes:
 * whatever a team configured for git (the OS keychain, {@code store}, {@code cache}, a forge's
 * credential manager) answers for the registry too, as it does for {@code git push}.
 *
 * <p>It never prompts: a build must fail with a clear message, not wait for a password nobody will
 * type. Without git on the PATH, or without an answer, it gives nothing and the next source (or the
 * authentication error) follows. When the server refuses what a helper gave, JGit calls {@link
 * #reset}, and the helpers are told to forget it ({@code git credential reject}), as git does.
 */
public final class GitCredentialHelper extends CredentialsProvider {
  private static final long TIMEOUT_SECONDS = 20;

  private Map<String, String> lastAnswer;

  @Override
  public boolean isInteractive() {
    return false;
  }

  @Override
  public boolean supports(CredentialItem... items) {
    for (CredentialItem i : items) {
      if (!(i instanceof CredentialItem.Username) && !(i instanceof CredentialItem.Password)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
    if (uri.getHost() == null
        || !supports(items)
        || !List.of("http", "https").contains(uri.getScheme())) { // SSH logs in with keys
      return false;
    }
    Map<String, String> answer = run("fill", describe(uri));
    if (answer == null || answer.get("username") == null || answer.get("password") == null) {
      return false;
    }
    lastAnswer = answer;
    for (CredentialItem i : items) {
      if (i instanceof CredentialItem.Username u) {
        u.setValue(answer.get("username"));
      } else if (i instanceof CredentialItem.Password p) {
        p.setValue(answer.get("password").toCharArray());
      }
    }
    return true;
  }

  @Override
  public void reset(URIish uri) {
    if (lastAnswer != null) {
      run("reject", lastAnswer);
      lastAnswer = null;
    }
  }

  /** What git's credential protocol needs to know of a remote. */
  private static Map<String, String> describe(URIish uri) {
    Map<String, String> d = new java.util.LinkedHashMap<>();
    d.put("protocol", uri.getScheme() == null ? "https" : uri.getScheme());
    d.put("host", uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost());
    if (uri.getPath() != null && !uri.getPath().isEmpty()) {
      d.put("path", uri.getPath().replaceFirst("^/", ""));
    }
    if (uri.getUser() != null) {
      d.put("username", uri.getUser());
    }
    return d;
  }

  /**
   * Runs {@code git credential <action>} with {@code input}; its answer, or null if there is none.
   */
  private static Map<String, String> run(String action, Map<String, String> input) {
    StringBuilder in = new StringBuilder();
    input.forEach(
        (k, v) -> {
          if (v.indexOf('\n') < 0
              && v.indexOf('\0') < 0) { // the protocol's one rule; a value breaking it is not sent
            in.append(k).append('=').append(v).append('\n');
          }
        });
    in.append('\n');
    ProcessBuilder pb =
        new ProcessBuilder("git", "credential", action)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("GIT_TERMINAL_PROMPT", "0"); // never ask on a terminal
    pb.environment().remove("GIT_ASKPASS");
    pb.environment().remove("SSH_ASKPASS");
    try {
      Process p = pb.start();
      try (var stdin = p.getOutputStream()) {
        stdin.write(in.toString().getBytes(StandardCharsets.UTF_8));
      }
      byte[] out;
      try (InputStream stdout = p.getInputStream()) {
        out = stdout.readNBytes(64 * 1024);
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      if (p.exitValue() != 0) {
        return null;
      }
      Map<String, String> answer = new HashMap<>();
      for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          answer.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return answer;
    } catch (IOException e) {
      return null; // no git here: this source has nothing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
