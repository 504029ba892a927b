/**
 * The manifest format (docs/FORMAT.md 8): one self-describing binary blob per store path holding its narinfo as
 * migrated, its placement and its NAR's structure with each regular file's chunk list.
 *
 * <p>{@link dev.tierpack.manifests.format.Manifest} is the validated value (a canonical NAR structure whose size is the
 * narinfo's NarSize); {@link dev.tierpack.manifests.format.ManifestFormat} encodes the current version and decodes
 * any known one, checking the blob against its id (the SHA-256 that is its chunk id in a manifest pack).
 */
package dev.tierpack.manifests.format;
