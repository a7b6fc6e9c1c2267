package dev.modelregistry.git.internal;

import java.nio.file.Path;

/** What the internals need to know of the remote a registry's local clone follows. */
public interface RemoteOrigin {
  /** The remote's URL without credentials, for messages. */
  String display();

  /** For a {@code file:} remote, the remote repository's directory; else null. */
  Path remoteDirectory();
}
