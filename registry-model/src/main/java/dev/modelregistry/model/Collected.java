package dev.modelregistry.model;

import java.time.Instant;

/**
 * How a version left the catalogue: the commit of {@code main} that removed its directory, when and
 * by whom. History keeps the version's metadata; its artifact bytes may be gone from the store.
 *
 * @param commit the commit that removed the directory
 * @param at its time
 * @param by the trusted signer's principal, or the committer's email where no trusted signer signed
 *     it
 * @param byGc true if it is a signed {@code gc} commit, by a signer trusted at the time, that names
 *     the version; false for a removal by hand, which {@code verify} reports
 */
public record Collected(String commit, Instant at, String by, boolean byGc) {}
