/**
 * How the registry works inside, for the porcelain only: the repository format's grammar (paths,
 * trailers, branches), trees and compare-and-swap commits, the catalogue and environment branches
 * as read, the verifier of trust and its local state, locks, and the layout of a backup location
 * with the checks a backup must pass before anything is taken from it. Public so that the
 * porcelain's packages can use it; no front end may (an architecture test fails the build if one
 * does), and nothing here is a stable API.
 */
package dev.modelregistry.git.internal;
