package dev.modelregistry.git.serving;

import dev.modelregistry.git.RegistryOptions;
import dev.modelregistry.git.store.ArtifactStore;
import dev.modelregistry.model.ModelName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** What a {@link ModelLoader} was built with, checked; immutable. */
record LoaderSettings(
    String url,
    boolean remote,
    ModelName model,
    String environment,
    RegistryOptions options,
    Path cacheDirectory,
    Duration pollInterval,
    Backoff backoff,
    Map<String, String> datasetVersions,
    ModelLoader.Callback callback,
    List<LoaderListener> listeners,
    UnaryOperator<ArtifactStore> stores) {

  LoaderSettings {
    datasetVersions = Map.copyOf(datasetVersions);
    listeners = List.copyOf(listeners);
  }

  /** The registry's URL for messages: without a user name or password in it. */
  String displayUrl() {
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
  }
}
