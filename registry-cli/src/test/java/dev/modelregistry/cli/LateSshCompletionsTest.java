package dev.modelregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Only MINA's "executor has been shut down" after a session closed is kept off standard error;
 * every other uncaught exception is printed as the JVM prints it.
 */
class LateSshCompletionsTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final LateSshCompletions handler =
      new LateSshCompletions(new PrintStream(printed, true, StandardCharsets.UTF_8));

  private static IllegalStateException thrownBy(String className, String message) {
    IllegalStateException e = new IllegalStateException(message);
    e.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "org.apache.sshd.common.util.ValidateUtils", "checkState", "ValidateUtils.java", 205),
          new StackTraceElement(className, "execute", "X.java", 100),
          new StackTraceElement(
              "sun.nio.ch.AsynchronousChannelGroupImpl",
              "executeOnPooledThread",
              "AsynchronousChannelGroupImpl.java",
              190)
        });
    return e;
  }

  @Test
  void minasLateCompletionIsNotPrinted() {
    handler.uncaughtException(
        new Thread("Thread-8"),
        thrownBy(
            "org.apache.sshd.common.util.threads.NoCloseExecutor", "Executor has been shut down"));
    assertEquals("", printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anythingElseIsPrintedAsTheJvmPrintsIt() {
    handler.uncaughtException(
        new Thread("Thread-8"),
        thrownBy("org.example.OtherExecutor", "Executor has been shut down"));
    handler.uncaughtException(
        new Thread("worker"),
        thrownBy("org.apache.sshd.common.util.threads.NoCloseExecutor", "something else"));
    handler.uncaughtException(new Thread("main-ish"), new OutOfMemoryError("heap"));
    String out = printed.toString(StandardCharsets.UTF_8);
    assertTrue(
        out.startsWith(
            "Exception in thread \"Thread-8\" java.lang.IllegalStateException: Executor has been shut"
                + " down"),
        out);
    assertTrue(
        out.contains(
            "Exception in thread \"worker\" java.lang.IllegalStateException: something else"),
        out);
    assertTrue(
        out.contains("Exception in thread \"main-ish\" java.lang.OutOfMemoryError: heap"), out);
    assertTrue(out.contains("\tat org.example.OtherExecutor.execute(X.java:100)"), out);
  }
}
