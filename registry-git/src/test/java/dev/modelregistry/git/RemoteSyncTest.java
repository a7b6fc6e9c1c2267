package dev.modelregistry.git;

import dev.modelregistry.git.remote.RemoteSync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteSyncTest {
  @Test
  void pullRequestPagesForGitHubAndGitLabRemotes() {
    assertEquals(Optional.of("https://github.com/acme/models/compare/production...promotion/m/v1.0.0?expand=1"),
        RemoteSync.of("git@github.com:acme/models.git").pullRequestUrl("promotion/m/v1.0.0", "production"));
    assertEquals(Optional.of("https://github.com/acme/models/compare/production...promotion/m/v1.0.0?expand=1"),
        RemoteSync.of("https://github.com/acme/models.git").pullRequestUrl("promotion/m/v1.0.0", "production"));
    assertEquals(Optional.of("https://gitlab.example.com/quant/registry/-/merge_requests/new?merge_request%5Bsource_branch%5D="
            + "promotion/m/v1.0.0&merge_request%5Btarget_branch%5D=production"),
        RemoteSync.of("ssh://git@gitlab.example.com/quant/registry.git").pullRequestUrl("promotion/m/v1.0.0", "production"));
    assertFalse(RemoteSync.of("https://git.internal/registry.git").pullRequestUrl("a", "b").isPresent());
    assertFalse(RemoteSync.of("file:///srv/registry.git").pullRequestUrl("a", "b").isPresent());
  }

  @Test
  void passwordsNeverShowAndCachesAreOnePerRemote() {
    RemoteSync withPassword = RemoteSync.of("https://bot:s3cret@git.example.com/registry.git");
    assertFalse(withPassword.display().contains("s3cret"), withPassword.display());
    Path base = Path.of("/cache");
    assertEquals(withPassword.cacheDirectory(base), RemoteSync.of("https://bot:other@git.example.com/registry.git").cacheDirectory(base));
    assertTrue(RemoteSync.of("https://git.example.com/other.git").cacheDirectory(base).getFileName().toString().startsWith("other-"));
    assertEquals(Path.of("/srv/registry.git"), RemoteSync.of("file:///srv/registry.git").remoteDirectory());
  }

  @Test
  void anHttpStatusInTheUrlIsNotAnAuthenticationFailure() {
    assertFalse(RemoteSync.authenticationRefused(new Exception("http://127.0.0.1:40137/git/reg.git: 502 Bad Gateway")));
    assertFalse(RemoteSync.authenticationRefused(new Exception("https://git.example.com/team-403/reg.git: Connection reset")));
    assertTrue(RemoteSync.authenticationRefused(new Exception("https://git.example.com/reg.git: not authorized")));
    assertTrue(RemoteSync.authenticationRefused(new Exception("https://git.example.com/reg.git: 403 Forbidden")));
    assertTrue(RemoteSync.authenticationRefused(new Exception("ssh://git@git.example.com:2222/reg.git: Cannot log in at git.example.com:2222")));
  }

  @Test
  void aRefUpdateLostToAnotherWriterIsRetriedButABranchRuleIsNot() {
    assertTrue(RemoteSync.lostRace("failed to lock"));
    assertTrue(RemoteSync.lostRace("cannot lock ref 'refs/heads/main': is at 1a2b but expected 3c4d"));
    assertTrue(RemoteSync.lostRace("transaction aborted"));
    assertTrue(RemoteSync.lostRace("atomic push failure"));
    assertFalse(RemoteSync.lostRace("Branch refs/heads/production is locked by an administrator"));
    assertFalse(RemoteSync.lostRace("protected branch hook declined"));
  }

  @Test
  void aLoserBacksOffLongerWithEveryLostRaceWithinItsBounds() {
    long attempt = 200_000_000L; // 200 ms from fetch to refused push
    for (int i = 0; i < 2_000; i++) {
      assertTrue(Registry.backOff(1, attempt) <= 200);
      assertTrue(Registry.backOff(3, attempt) <= 800);
      assertTrue(Registry.backOff(30, attempt) <= 1_600, "at most 8 attempts' length");
      assertTrue(Registry.backOff(30, 60_000_000_000L) <= 5_000, "never more than 5 s");
      assertTrue(Registry.backOff(1, 0) <= 1);
    }
    long sumFirst = 0;
    long sumLater = 0;
    for (int i = 0; i < 2_000; i++) {
      sumFirst += Registry.backOff(1, attempt);
      sumLater += Registry.backOff(4, attempt);
    }
    // means 100 ms and 800 ms: far apart, so random draws cannot blur them
    assertTrue(sumLater > 4 * sumFirst, sumFirst + " vs " + sumLater);
  }
}
