package dev.tierpack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB point lookups of random 32-byte keys (the shape of chunk ids) in a temporary database
 * of {@code entries} keys with 24-byte values (a pack id, an offset and a length), loaded in the
 * trial setup with write batches, flushed and compacted into SST files with a 10 bits/key bloom
 * filter and a block cache large enough to hold them. {@code hit} looks up a stored key,
 * {@code miss} a key that is not stored (which the bloom filter answers without reading a data
 * block, short of its ~1% false positives). Keys are visited in a random order. Score in
 * lookups per second.
 *
 * <p>Uses rocksdbjni directly with options a chunk index would plausibly use; it can be switched
 * to the packer's own chunk index once that exists.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RocksLookupBench {
    static final int KEY = 32;
    static final int VALUE = 24;
    static final int BATCH = 10_000;
    static final long CACHE_BYTES = 256L << 20;

    @Param({"1000000"})
    public int entries;

    private Path dir;
    private Options options;
    private ReadOptions readOptions;
    private LRUCache cache;
    private BloomFilter bloom;
    private RocksDB db;
    /** {@code entries} stored keys, then {@code entries} keys not stored, 32 bytes each. */
    private byte[] keys;

    /** Per-thread position in the key set and value buffer. */
    @State(Scope.Thread)
    public static class Cursor {
        private final byte[] value = new byte[VALUE];
        /** xorshift64 state, never 0 (an odd constant times a non-zero number); one stream per thread. */
        private long state = 0x9e37_79b9_7f4a_7c15L * (Thread.currentThread().threadId() + 1);

        int next(int bound) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return (int) ((state >>> 1) % bound);
        }
    }

    @Setup(Level.Trial)
    public void setup() throws IOException, RocksDBException {
        if (entries < 1 || entries > Integer.MAX_VALUE / (2 * KEY)) {
            throw new IllegalArgumentException("entries out of range: " + entries);
        }
        long t0 = System.nanoTime();
        RocksDB.loadLibrary();
        keys = BenchData.random(2 * entries * KEY, BenchData.SEED);
        dir = Files.createTempDirectory("tierpack-rocks-bench");
        cache = new LRUCache(CACHE_BYTES);
        bloom = new BloomFilter(10, false);
        readOptions = new ReadOptions();
        options = new Options().setCreateIfMissing(true)
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setFilterPolicy(bloom)
                        .setBlockCache(cache)
                        .setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true));
        db = RocksDB.open(options, dir.toString());
        SplittableRandom r = new SplittableRandom(BenchData.SEED + 1);
        byte[] value = new byte[VALUE];
        try (WriteOptions wo = new WriteOptions().setDisableWAL(true)) {
            for (int start = 0; start < entries; start += BATCH) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (int i = start; i < Math.min(entries, start + BATCH); i++) {
                        r.nextBytes(value);
                        batch.put(Arrays.copyOfRange(keys, i * KEY, (i + 1) * KEY), value);
                    }
                    db.write(wo, batch);
                }
            }
        }
        long t1 = System.nanoTime();
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            db.flush(fo);
        }
        long t2 = System.nanoTime();
        db.compactRange();
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%n# rocks: %d entries written in %d ms, flushed in %d ms, compacted in %d ms; %s SST bytes%n",
                entries, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                db.getProperty("rocksdb.total-sst-files-size"));
        Cursor probe = new Cursor();
        if (hit(probe) < 0 || miss(probe) >= 0) {
            throw new IllegalStateException("lookup of a stored key missed or of a new key hit");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (db != null) {
            db.close();
        }
        if (options != null) {
            options.close();
        }
        if (readOptions != null) {
            readOptions.close();
        }
        if (bloom != null) {
            bloom.close();
        }
        if (cache != null) {
            cache.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /** Returns the value length (24). */
    @Benchmark
    public int hit(Cursor c) throws RocksDBException {
        int i = c.next(entries);
        return db.get(readOptions, keys, i * KEY, KEY, c.value, 0, VALUE);
    }

    /** Returns {@link RocksDB#NOT_FOUND}. */
    @Benchmark
    public int miss(Cursor c) throws RocksDBException {
        int i = entries + c.next(entries);
        return db.get(readOptions, keys, i * KEY, KEY, c.value, 0, VALUE);
    }
}
