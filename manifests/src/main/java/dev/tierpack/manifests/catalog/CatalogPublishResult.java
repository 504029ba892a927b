package dev.tierpack.manifests.catalog;

/**
 * What one {@link Catalog#publish} did.
 *
 * @param added     store paths new to the catalog
 * @param replaced  store paths whose entry was replaced (a manifest in a later pack)
 * @param unchanged entries identical to or older than what the catalog holds, not written
 */
public record CatalogPublishResult(int added, int replaced, int unchanged) {}
