/**
 * {@code tierpack serve}: the Nix binary-cache HTTP protocol over migrated store paths
 * ({@link dev.tierpack.manifests.serve.CacheServer}): narinfos rewritten to point at zstd NARs compressed on the fly,
 * the legacy {@code nar/<FileHash>.nar.xz} URLs, {@code .ls} listings from manifests, strict request parsing, and
 * connection aborts instead of truncated bodies when a NAR fails mid-stream.
 */
package dev.tierpack.manifests.serve;
