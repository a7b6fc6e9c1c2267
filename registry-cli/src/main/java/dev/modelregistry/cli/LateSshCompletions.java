package dev.modelregistry.cli;

import java.io.PrintStream;

/**
 * Keeps one known, harmless message of Apache MINA sshd off standard error. When an SSH session to
 * a Git server closes, a read that the JDK completes just afterwards is handed to MINA's executor,
 * already shut down, and the JDK's I/O thread dies with {@code IllegalStateException: Executor has
 * been shut down} printed by the JVM (apache/mina-sshd#409; seen here once in a promote over SSH).
 * The session's work is done by then. Any other uncaught exception is printed as the JVM prints it.
 */
final class LateSshCompletions implements Thread.UncaughtExceptionHandler {
  private static final String MESSAGE = "Executor has been shut down";
  private static final String MINA_EXECUTOR = "org.apache.sshd.common.util.threads.NoCloseExecutor";

  private final PrintStream err;

  LateSshCompletions(PrintStream err) {
    this.err = err;
  }

  /** Installs this as the JVM's default handler, unless one is set already. */
  static void install() {
    if (Thread.getDefaultUncaughtExceptionHandler() == null) {
      Thread.setDefaultUncaughtExceptionHandler(new LateSshCompletions(System.err));
    }
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    if (isLateCompletion(e)) {
      return;
    }
    // the JVM's own wording (ThreadGroup.uncaughtException)
    err.print("Exception in thread \"" + thread.getName() + "\" ");
    e.printStackTrace(err);
  }

  /** MINA's executor refusing work after its session closed, and nothing else. */
  static boolean isLateCompletion(Throwable e) {
    if (!(e instanceof IllegalStateException) || !MESSAGE.equals(e.getMessage())) {
      return false;
    }
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().equals(MINA_EXECUTOR) && frame.getMethodName().equals("execute")) {
        return true;
      }
    }
    return false;
  }
}
