package dev.modelregistry.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the command may use of the world it runs in: where answers and messages go, the environment
 * its defaults and credentials come from, the home directory, and a terminal to ask a passphrase at
 * (null when there is none: a pipe, a CI job). Tests give their own.
 *
 * @param out standard output: answers (text, or the JSON document)
 * @param err standard error: warnings, progress and error messages
 * @param env the environment variables
 * @param home the user's home directory (the embedded registry and the cache live under it)
 * @param console where a passphrase may be asked, or null
 */
public record Terminal(
    PrintWriter out, PrintWriter err, Map<String, String> env, Path home, Console console) {

  /** This process's own standard streams, environment, home and terminal. */
  public static Terminal system() {
    Charset cs = Charset.defaultCharset();
    return new Terminal(
        new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true),
        new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true),
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        System.console());
  }
}
