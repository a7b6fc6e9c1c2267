package dev.modelregistry.git.store;

/**
 * What the bytes being stored are, for stores that name files by it (an HTTP directory, a Maven
 * repository); the local store names them by sha256 alone.
 *
 * @param model the model's name
 * @param version the version
 * @param fileName the artifact's file name
 */
public record StoreKey(String model, String version, String fileName) {}
