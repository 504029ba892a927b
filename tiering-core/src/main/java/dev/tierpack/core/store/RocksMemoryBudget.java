package dev.tierpack.core.store;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The memory of one RocksDB database, bounded whatever the amount of data it holds: one LRU block cache for data,
 * index and filter blocks (RocksDB's default keeps the index and filter blocks of every open table in memory, outside
 * any cache, so they grow with the data), and a write buffer manager charging every memtable of the database to that
 * cache (RocksDB's default is 64 MiB per memtable, two per column family, each filled before a flush). Close it after
 * the database.
 */
public final class RocksMemoryBudget implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final long cacheBytes;
    private final long memtableBytes;
    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;

    /**
     * @param cacheBytes    capacity of the block cache; the memtables are charged to it too
     * @param memtableBytes all memtables of the database together; a flush starts when they reach it
     */
    public RocksMemoryBudget(long cacheBytes, long memtableBytes) {
        if (cacheBytes < (1L << 20) || memtableBytes < (1L << 20) || memtableBytes > cacheBytes) {
            throw new IllegalArgumentException("RocksDB memory budget needs 1 MiB <= memtables <= cache: cache="
                    + cacheBytes + " memtables=" + memtableBytes);
        }
        this.cacheBytes = cacheBytes;
        this.memtableBytes = memtableBytes;
        this.cache = new LRUCache(cacheBytes);
        this.writeBuffers = new WriteBufferManager(memtableBytes, cache);
    }

    public long cacheBytes() {
        return cacheBytes;
    }

    public long memtableBytes() {
        return memtableBytes;
    }

    /** Caches {@code table}'s index and filter blocks in the budget's cache instead of keeping them all in memory. */
    public BlockBasedTableConfig table(BlockBasedTableConfig table) {
        return table.setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
    }

    /** A column family within the budget: its table config, memtables of at most a quarter of the budget each. */
    public ColumnFamilyOptions columnFamily(ColumnFamilyOptions cf, BlockBasedTableConfig table) {
        return cf.setTableFormatConfig(table(table))
                .setWriteBufferSize(Math.max(1L << 20, memtableBytes / 4))
                .setMaxWriteBufferNumber(2);
    }

    /** The database within the budget: every memtable charged to the cache. */
    public DBOptions database(DBOptions db) {
        return db.setWriteBufferManager(writeBuffers);
    }

    /** A single-column-family database within the budget. */
    public Options options(Options o, BlockBasedTableConfig table) {
        return o.setWriteBufferManager(writeBuffers)
                .setTableFormatConfig(table(table))
                .setWriteBufferSize(Math.max(1L << 20, memtableBytes / 4))
                .setMaxWriteBufferNumber(2);
    }

    @Override
    public void close() {
        writeBuffers.close();
        cache.close();
    }
}
