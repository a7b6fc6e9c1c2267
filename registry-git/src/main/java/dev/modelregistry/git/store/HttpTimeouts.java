package dev.modelregistry.git.store;

import java.time.Duration;

/**
 * How long an HTTP store waits: for a connection, and for each read (a server that accepted the
 * connection and then says nothing for {@code read} is given up on, so no operation hangs).
 *
 * @param connect to open a connection
 * @param read between two reads of a response, and for the response to an upload
 * @param resumes how many times a download that broke off is resumed where it stopped
 */
public record HttpTimeouts(Duration connect, Duration read, int resumes) {
  /** 10 s to connect, 60 s of silence, 5 resumes: a busy Nexus answers well within both. */
  public static final HttpTimeouts DEFAULT =
      new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), 5);

  public HttpTimeouts {
    if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (resumes < 0) {
      throw new IllegalArgumentException("resumes must not be negative");
    }
  }
}
