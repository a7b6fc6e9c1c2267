/**
 * Plain-text renderings of the library's answers (tables of versions, of an environment's history,
 * of what runs), shared by every front end so that {@code mvn registry:list} and {@code registry
 * list} show the same columns. Nothing here names a front end's syntax: hints such as "run this
 * next" stay in the front ends. Every cell read from a registry is escaped.
 */
package dev.modelregistry.git.text;
