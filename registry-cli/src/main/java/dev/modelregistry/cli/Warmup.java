package dev.modelregistry.cli;

import dev.modelregistry.git.signing.MinaProviders;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.model.ArtifactPointer;
import dev.modelregistry.model.EnvironmentRecord;
import dev.modelregistry.model.ModelMetadata;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.SafeMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts, on daemon threads, the one-time work of a new JVM that the command will need later, while
 * the main thread parses the command line: JGit's file-system support with git's system
 * configuration located and the user's read ({@link GitSystemConfig}), the YAML mapper and its
 * readers of the registry's files, and for a command that signs, the SSH key support and a
 * rehearsal of opening a key and signing ({@link SshKeys#rehearse()}). On two cores most of it is
 * then hidden. Class initialisation is thread-safe: a main thread that needs a class still being
 * initialised waits for it; a failure here only means the main thread does the work itself and
 * reports what goes wrong. The main thread joins the Git thread before it opens a registry, so the
 * system configuration is always located first.
 */
final class Warmup {
  private final long start = System.nanoTime();
  private final Map<String, Long> doneAfterMillis = new ConcurrentHashMap<>();
  private final Thread git;
  private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Warmup(Map<String, String> env, boolean signs, boolean databind) {
    git =
        run(
            "git",
            () -> {
              GitSystemConfig.locate(env);
              GitSystemConfig.loadUserConfig();
            });
    // The policy's reader first, and the SSH support only after it: a command reads the policy as
    // it opens the registry, but opens its signing key only at the end, so on two cores the key's
    // warm-up must not take CPU from the policy's.
    run(
        "yaml",
        () -> {
          buildReader(Policy.class);
          if (signs) {
            run("ssh", Warmup::prepareSigning);
          }
          if (databind) {
            buildReader(ModelMetadata.class); // Jackson's: starts its databind
          }
          buildReader(EnvironmentRecord.class);
          buildReader(ArtifactPointer.class);
        });
  }

  private Warmup() {
    git = null;
  }

  /**
   * Starts the warm-up of a command that will ({@code signs}) or will not open a signing key, and
   * that reads ({@code databind}) or does not read a file that Jackson's databind binds (version
   * metadata, manifests): a rollback reads only the policy, production records and artifact
   * pointers, which the model's own reader binds, and never needs databind started.
   */
  static Warmup start(Map<String, String> env, boolean signs, boolean databind) {
    return new Warmup(env, signs, databind);
  }

  /** No warm-up: the command does everything on its own thread (an embedding caller, the tests). */
  static Warmup none() {
    return new Warmup();
  }

  /**
   * Waits until git's system configuration is located; to be called before the first use of JGit.
   */
  void awaitGit() {
    if (git == null) {
      return;
    }
    try {
      git.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** When each part was done, since the warm-up started, for {@link Timings}. */
  String report() {
    return doneAfterMillis.isEmpty() ? "" : "warm-up done " + doneAfterMillis + " ms after start";
  }

  /**
   * The reader of a type is built on its first use and kept (Jackson's, of the type and every type
   * in it; the model's own reader of the policy, records and pointers, of the type's fields);
   * reading a one-line document as the type builds it, and loads the YAML parser (the reading
   * itself fails: the document is not one of them, which is all right here).
   */
  private static void buildReader(Class<?> type) {
    try {
      SafeMapper.readYaml("warm_up: 1\n", type, "warm-up");
    } catch (RuntimeException expected) {
      // the document is not a valid one of this type; the reader is built
    }
  }

  /** MINA's key support, then a rehearsal of opening a key and signing with it. */
  private static void prepareSigning() {
    MinaProviders.load();
    try {
      SshKeys.rehearse();
    } catch (Exception e) { // what MINA's signature declares
      // the command opens its key itself and reports what goes wrong
    }
  }

  /**
   * Waits until every part is done (CDS training: so that the archive holds the warm-up's classes
   * and its lambdas, which a command links first of all, before picocli's).
   */
  void awaitAll() {
    // by index: a part may start another (the SSH part is started by the YAML part)
    for (int i = 0; i < threads.size(); i++) {
      try {
        threads.get(i).join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Thread run(String name, Runnable work) {
    Thread t =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (RuntimeException | LinkageError e) {
                // the command does the same work again and reports what goes wrong
              }
              doneAfterMillis.put(name, (System.nanoTime() - start) / 1_000_000);
            },
            "registry-warmup-" + name);
    t.setDaemon(true);
    t.start();
    threads.add(t);
    return t;
  }
}
