package dev.tierpack.packer.index;

import dev.tierpack.core.error.ConfigException;

/**
 * Memory given to a chunk index's RocksDB. Together these bound its memory use regardless of the number of chunks:
 * index and filter blocks live in the block cache (see {@link RocksStore}), and at most two memtables per column
 * family are held.
 *
 * @param blockCacheBytes  LRU cache for data, index and filter blocks, shared by all column families (at least 1 MiB)
 * @param writeBufferBytes memtable size of the chunk column family (at least 1 MiB); larger buffers mean fewer,
 *                         larger flushes while publishing
 */
public record ChunkIndexConfig(long blockCacheBytes, long writeBufferBytes) {
    public static final long MIN_BYTES = 1L << 20;
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 32L << 20;

    public ChunkIndexConfig {
        if (blockCacheBytes < MIN_BYTES || writeBufferBytes < MIN_BYTES) {
            throw new ConfigException("chunk index cache and write buffer must be at least 1 MiB",
                    "blockCacheBytes", blockCacheBytes, "writeBufferBytes", writeBufferBytes);
        }
    }

    /** A 64 MiB block cache and 32 MiB memtables: small enough for a laptop, enough for the hot index blocks. */
    public static ChunkIndexConfig defaults() {
        return new ChunkIndexConfig(DEFAULT_BLOCK_CACHE_BYTES, DEFAULT_WRITE_BUFFER_BYTES);
    }
}
