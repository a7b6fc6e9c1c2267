package dev.modelregistry.git.internal;

/** One problem a check of {@code verify} found: where, what, and what to do about it. */
public record VerifyFinding(String where, String commit, String problem, String fix) {}
