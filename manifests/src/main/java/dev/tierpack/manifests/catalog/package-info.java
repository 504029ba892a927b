/**
 * The catalog (docs/FORMAT.md 9): local RocksDB state mapping store-path hash parts to their manifests (and narinfo
 * text), and original FileHashes to store paths for legacy URLs.
 *
 * <p>{@link dev.tierpack.manifests.catalog.Catalog} publishes one manifest pack's entries per atomic, synced batch;
 * {@link dev.tierpack.manifests.catalog.CatalogRebuilder} rebuilds it, and the chunk index, from the warm tier alone
 * and swaps them in atomically ({@code tierpack manifests reindex}).
 */
package dev.tierpack.manifests.catalog;
