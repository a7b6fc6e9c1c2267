package dev.modelregistry.git.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteSyncTest {
  @Test
  void pullRequestPagesForGitHubAndGitLabRemotes() {
    assertEquals(
        Optional.of(
            "https://github.com/acme/models/compare/production...promotion/m/v1.0.0?expand=1"),
        RemoteSync.of("git@github.com:acme/models.git")
            .pullRequestUrl("promotion/m/v1.0.0", "production"));
    assertEquals(
        Optional.of(
            "https://github.com/acme/models/compare/production...promotion/m/v1.0.0?expand=1"),
        RemoteSync.of("https://github.com/acme/models.git")
            .pullRequestUrl("promotion/m/v1.0.0", "production"));
    assertEquals(
        Optional.of(
            "https://gitlab.example.com/quant/registry/-/merge_requests/new?merge_request%5Bsource_branch%5D="
                + "promotion/m/v1.0.0&merge_request%5Btarget_branch%5D=production"),
        RemoteSync.of("ssh://git@gitlab.example.com/quant/registry.git")
            .pullRequestUrl("promotion/m/v1.0.0", "production"));
    assertFalse(
        RemoteSync.of("https://git.internal/registry.git").pullRequestUrl("a", "b").isPresent());
    assertFalse(RemoteSync.of("file:///srv/registry.git").pullRequestUrl("a", "b").isPresent());
  }

  @Test
  void passwordsNeverShowAndCachesAreOnePerRemote() {
    RemoteSync withPassword = RemoteSync.of("https://bot:s3cret@git.example.com/registry.git");
    assertFalse(withPassword.display().contains("s3cret"), withPassword.display());
    Path base = Path.of("/cache");
    assertEquals(
        withPassword.cacheDirectory(base),
        RemoteSync.of("https://bot:other@git.example.com/registry.git").cacheDirectory(base));
    assertTrue(
        RemoteSync.of("https://git.example.com/other.git")
            .cacheDirectory(base)
            .getFileName()
            .toString()
            .startsWith("other-"));
    assertEquals(
        Path.of("/srv/registry.git"), RemoteSync.of("file:///srv/registry.git").remoteDirectory());
  }

  @Test
  void anHttpStatusInTheUrlIsNotAnAuthenticationFailure() {
    assertFalse(
        RemoteLogin.authenticationRefused(
            new Exception("http://127.0.0.1:40137/git/reg.git: 502 Bad Gateway")));
    assertFalse(
        RemoteLogin.authenticationRefused(
            new Exception("https://git.example.com/team-403/reg.git: Connection reset")));
    assertTrue(
        RemoteLogin.authenticationRefused(
            new Exception("https://git.example.com/reg.git: not authorized")));
    assertTrue(
        RemoteLogin.authenticationRefused(
            new Exception("https://git.example.com/reg.git: 403 Forbidden")));
    assertTrue(
        RemoteLogin.authenticationRefused(
            new Exception(
                "ssh://git@git.example.com:2222/reg.git: Cannot log in at git.example.com:2222")));
  }

  @Test
  void aRefUpdateLostToAnotherWriterIsRetriedButABranchRuleIsNot() {
    assertTrue(LeasedPush.lostRace("failed to lock"));
    assertTrue(
        LeasedPush.lostRace("cannot lock ref 'refs/heads/main': is at 1a2b but expected 3c4d"));
    assertTrue(LeasedPush.lostRace("transaction aborted"));
    assertTrue(LeasedPush.lostRace("atomic push failure"));
    assertFalse(LeasedPush.lostRace("Branch refs/heads/production is locked by an administrator"));
    assertFalse(LeasedPush.lostRace("protected branch hook declined"));
  }
}
