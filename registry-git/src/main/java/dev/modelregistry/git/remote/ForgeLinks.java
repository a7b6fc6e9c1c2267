package dev.modelregistry.git.remote;

import java.util.Optional;
import org.eclipse.jgit.transport.URIish;

/**
 * Pages of the forge that hosts a remote (GitHub or GitLab, recognised by host name), for a person
 * to act on what a goal prepared: a promotion that waits for review is opened as a pull request
 * there. Worked out from the URL alone, without asking the forge, so it works for any remote and
 * costs nothing when there is no forge.
 */
final class ForgeLinks {
  private final URIish uri;

  ForgeLinks(URIish uri) {
    this.uri = uri;
  }

  /**
   * Where to open a pull request from {@code source} into {@code target}, if the remote is on a
   * known forge.
   */
  Optional<String> pullRequestUrl(String source, String target) {
    String host = uri.getHost();
    if (host == null) {
      return Optional.empty();
    }
    String path = uri.getPath().replaceAll("^/+", "").replaceAll("\\.git/?$", "");
    String base = "https://" + host + "/" + path;
    if (host.contains("github")) {
      return Optional.of(base + "/compare/" + target + "..." + source + "?expand=1");
    }
    if (host.contains("gitlab")) {
      return Optional.of(
          base
              + "/-/merge_requests/new?merge_request%5Bsource_branch%5D="
              + source
              + "&merge_request%5Btarget_branch%5D="
              + target);
    }
    return Optional.empty();
  }
}
