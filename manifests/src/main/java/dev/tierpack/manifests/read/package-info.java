/**
 * Reading migrated store paths back (docs/FORMAT.md 8.5): {@link dev.tierpack.manifests.read.ReadBack} looks a store
 * path up in the catalog, {@link dev.tierpack.manifests.read.ManifestLoader} reads its manifest, and
 * {@link dev.tierpack.manifests.read.NarReassembler} streams its NAR with coalesced range GETs in bounded memory,
 * checked against NarSize and NarHash as it goes (the last byte is released only once the hash matched).
 */
package dev.tierpack.manifests.read;
