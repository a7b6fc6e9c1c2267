package dev.modelregistry.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The hash of a training configuration: SHA-256 of its canonical JSON (keys sorted), prefixed
 * {@code sha256:}. Two runs with the same configuration get the same hash whatever the key order of
 * the file they were given.
 */
public final class ConfigHash {
  private ConfigHash() {}

  /** Hashes {@code config} canonically. */
  public static String of(Map<String, Object> config) {
    try {
      byte[] json = SafeMapper.canonicalJson(config).getBytes(StandardCharsets.UTF_8);
      return "sha256:" + Sha256.of(MessageDigest.getInstance("SHA-256").digest(json)).hex();
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash a configuration", e);
    }
  }
}
