package dev.modelregistry.model;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a model was registered from, recorded in {@code env:} when the training build did
 * not give its own (the seeds' {@code capture_environment()}). Nothing secret: no environment
 * variables, only runtime and host facts.
 */
public final class CapturedEnvironment {
  private CapturedEnvironment() {}

  /** Facts about this JVM and host. */
  public static Map<String, String> current() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("created_by", System.getProperty("user.name", "unknown"));
    env.put("host", host());
    env.put("java_version", System.getProperty("java.version"));
    env.put("java_vendor", System.getProperty("java.vendor"));
    env.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    return env;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
