package dev.tierpack.packer.index;

import dev.tierpack.core.store.NativeHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.Filter;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One RocksDB directory of the chunk index with its three column families (FORMAT.md 7.2) and every native object it
 * needs; {@link #close} frees them all. Not guarded: {@link ChunkIndex} makes sure nothing is called after close
 * (a call on a closed RocksDB handle can crash the JVM).
 *
 * <h2>Tuning, and why</h2>
 * The {@code chunks} column family serves random point lookups of 32-byte SHA-256 keys, most of them misses while
 * a campaign dedups new content, over billions of keys: far more than memory. So:
 * <ul>
 * <li><b>Bloom filter, 10 bits/key</b> (~1% false positives): a miss costs a filter probe instead of a data block
 *     read per level. Filters are kept on the last level too ({@code optimize_filters_for_hits} off) because misses
 *     are the common case.
 * <li><b>Hash index inside data blocks</b> ({@code kDataBlockBinaryAndHash}, util ratio 0.75): a hit inside a block is
 *     one hash probe instead of a binary search.
 * <li><b>Memtable whole-key bloom</b> (2% of the memtable): misses skip the memtable skip-list search.
 * <li>These three are what RocksDB's {@code optimizeForPointLookup} sets; it is not called because it also installs
 *     a block cache of its own and a flat index, where we want:
 * <li><b>Partitioned index and filters in the block cache</b> ({@code kTwoLevelIndexSearch}, partition filters,
 *     cache index and filter blocks, top level pinned): at ~85 bytes per entry, a billion chunks need ~1.25 GB of
 *     filters and a few hundred MB of index; partitioning lets them page through the bounded cache
 *     ({@link ChunkIndexConfig#blockCacheBytes()}) instead of being loaded whole into unbounded table-reader memory.
 * <li><b>No compression</b>: keys are SHA-256 digests and values are dominated by a random pack id; there is nothing
 *     to gain and every block read would pay decompression.
 * <li>4 KiB blocks (default): one random lookup reads one block; larger blocks only add read amplification.
 * </ul>
 * The {@code packs} (16-byte pack id keys, iterated in order) and {@code default} (two meta keys) column families
 * are small and use the shared cache with default options plus a bloom filter for {@code isPublished}.
 *
 * <p>Writes are {@code sync=true} when durable (each publish survives a power cut before the caller goes on,
 * FORMAT.md 5 step 4) and without the WAL when not ({@link ChunkIndexRebuilder}: a crashed rebuild is discarded,
 * and {@link #flush} makes the result durable before it goes live).
 */
final class RocksStore implements AutoCloseable {
    static final byte[] CHUNKS = "chunks".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PACKS = "packs".getBytes(StandardCharsets.US_ASCII);
    static final int BLOOM_BITS_PER_KEY = 10;
    private static final byte[] NO_BYTES = new byte[0];

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final NativeHandles natives;
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle chunks;
    private final ColumnFamilyHandle packs;
    private final ReadOptions lookup;
    private final WriteOptions write;

    private RocksStore(Path dir, NativeHandles natives, RocksDB db, List<ColumnFamilyHandle> handles,
            ReadOptions lookup, WriteOptions write) {
        this.dir = dir;
        this.natives = natives;
        this.db = db;
        this.meta = handles.get(0);
        this.chunks = handles.get(1);
        this.packs = handles.get(2);
        this.lookup = lookup;
        this.write = write;
    }

    /**
     * Opens the RocksDB at {@code dir}: a new one ({@code create}; the directory must not hold a database) or an
     * existing one with exactly the three column families.
     */
    static RocksStore open(Path dir, ChunkIndexConfig config, boolean durable, boolean create) {
        NativeHandles natives = new NativeHandles();
        try {
            Cache cache = natives.add(new LRUCache(config.blockCacheBytes()));
            Filter bloom = natives.add(new BloomFilter(BLOOM_BITS_PER_KEY));
            BlockBasedTableConfig chunkTable = new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(bloom)
                    .setWholeKeyFiltering(true)
                    .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash)
                    .setDataBlockHashTableUtilRatio(0.75)
                    .setIndexType(IndexType.kTwoLevelIndexSearch)
                    .setPartitionFilters(true)
                    .setCacheIndexAndFilterBlocks(true)
                    .setCacheIndexAndFilterBlocksWithHighPriority(true)
                    .setPinTopLevelIndexAndFilter(true)
                    .setPinL0FilterAndIndexBlocksInCache(true);
            ColumnFamilyOptions chunkOptions = natives.add(new ColumnFamilyOptions()
                    .setTableFormatConfig(chunkTable)
                    .setCompressionType(CompressionType.NO_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.NO_COMPRESSION)
                    .setWriteBufferSize(config.writeBufferBytes())
                    .setMaxWriteBufferNumber(2)
                    .setMemtablePrefixBloomSizeRatio(0.02)
                    .setMemtableWholeKeyFiltering(true)
                    .setOptimizeFiltersForHits(false)
                    .setLevelCompactionDynamicLevelBytes(true));
            ColumnFamilyOptions smallOptions = natives.add(new ColumnFamilyOptions()
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom))
                    .setWriteBufferSize(4L << 20)
                    .setMaxWriteBufferNumber(2));
            DBOptions dbOptions = natives.add(new DBOptions()
                    .setCreateIfMissing(create)
                    .setErrorIfExists(create)
                    .setCreateMissingColumnFamilies(create)
                    // the small column families see a write per publish but rarely fill a memtable; bound the WAL
                    // they pin by flushing them once the WAL reaches this size
                    .setMaxTotalWalSize(4 * config.writeBufferBytes())
                    .setBytesPerSync(1L << 20)
                    .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                    .setKeepLogFileNum(3)
                    .setMaxLogFileSize(8L << 20));
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallOptions),
                    new ColumnFamilyDescriptor(CHUNKS, chunkOptions),
                    new ColumnFamilyDescriptor(PACKS, smallOptions));
            ReadOptions lookup = natives.add(new ReadOptions());
            WriteOptions write = natives.add(durable
                    ? new WriteOptions().setSync(true)
                    : new WriteOptions().setDisableWAL(true));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            return new RocksStore(dir, natives, db, handles, lookup, write);
        } catch (RocksDBException e) {
            natives.close();
            throw failure(create ? "cannot create chunk index" : "cannot open chunk index", e, dir);
        } catch (RuntimeException | Error e) {
            natives.close();
            throw e;
        }
    }

    Path dir() {
        return dir;
    }

    ColumnFamilyHandle meta() {
        return meta;
    }

    ColumnFamilyHandle chunks() {
        return chunks;
    }

    ColumnFamilyHandle packs() {
        return packs;
    }

    /** The value of {@code key}, or null. */
    byte[] get(ColumnFamilyHandle cf, byte[] key) {
        try {
            return db.get(cf, lookup, key);
        } catch (RocksDBException e) {
            throw failure("chunk index read failed", e, dir);
        }
    }

    /** The length of the value of {@code key} (not copied), or {@link RocksDB#NOT_FOUND}. */
    int valueLength(ColumnFamilyHandle cf, byte[] key) {
        try {
            return db.get(cf, lookup, key, NO_BYTES);
        } catch (RocksDBException e) {
            throw failure("chunk index read failed", e, dir);
        }
    }

    /** The values of {@code keys} in order, null where absent. */
    List<byte[]> multiGet(ColumnFamilyHandle cf, List<byte[]> keys) {
        try {
            return db.multiGetAsList(lookup, Collections.nCopies(keys.size(), cf), keys);
        } catch (RocksDBException e) {
            throw failure("chunk index read failed", e, dir);
        }
    }

    /** Applies {@code batch} atomically, synced to disk when durable. */
    void write(WriteBatch batch) {
        try {
            db.write(write, batch);
        } catch (RocksDBException e) {
            throw failure("chunk index write failed", e, dir);
        }
    }

    /** Every entry of {@code cf} in key order, from a consistent view taken now; does not fill the block cache. */
    void scan(ColumnFamilyHandle cf, BiConsumer<byte[], byte[]> each) {
        try (ReadOptions scan = new ReadOptions().setFillCache(false); RocksIterator it = db.newIterator(cf, scan)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                each.accept(it.key(), it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("chunk index scan failed", e, dir);
        }
    }

    /** Writes every memtable to SST files and waits: afterwards the data survives without a WAL. */
    void flush() {
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options, List.of(meta, chunks, packs));
        } catch (RocksDBException e) {
            throw failure("chunk index flush failed", e, dir);
        }
    }

    @Override
    public void close() {
        meta.close();
        chunks.close();
        packs.close();
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw failure("chunk index close failed", e, dir);
        } finally {
            natives.close();
        }
    }

    static IndexStoreException failure(String what, RocksDBException e, Path dir) {
        return new IndexStoreException(what, e, "directory", dir,
                "status", e.getStatus() == null ? "?" : e.getStatus().getCodeString(), "reason", e.getMessage());
    }
}
