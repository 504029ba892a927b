package dev.tierpack.packer.index;

import java.nio.file.Path;

/**
 * What a {@link ChunkIndexRebuilder} run did.
 *
 * @param objects   index objects read
 * @param rejected  of those, objects skipped as bad (each reported with its reason)
 * @param stats     totals of the new index
 * @param directory the RocksDB directory of the new live index
 */
public record RebuildResult(long objects, long rejected, IndexStats stats, Path directory) {}
