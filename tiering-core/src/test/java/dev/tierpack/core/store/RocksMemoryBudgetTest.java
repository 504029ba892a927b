package dev.tierpack.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/** A real RocksDB written well past its budget: memtables and table readers stay within it. */
class RocksMemoryBudgetTest {
    @TempDir Path dir;

    @Test
    void memtablesAndTableReadersStayWithinTheBudgetWhateverIsWritten() throws Exception {
        long memtables = 2L << 20;
        try (RocksMemoryBudget budget = new RocksMemoryBudget(8L << 20, memtables);
                BloomFilter bloom = new BloomFilter(10);
                Options options = budget.options(new Options().setCreateIfMissing(true),
                        new BlockBasedTableConfig().setFilterPolicy(bloom));
                WriteOptions noWal = new WriteOptions().setDisableWAL(true);
                RocksDB db = RocksDB.open(options, dir.toString())) {
            SplittableRandom rng = new SplittableRandom(7);
            byte[] value = new byte[100];
            long maxMemtables = 0;
            for (int i = 0; i < 250_000; i++) { // ~30 MB of keys and values: 15x the memtable budget
                rng.nextBytes(value);
                db.put(noWal, ByteBuffer.allocate(16).putLong(rng.nextLong()).putLong(i).array(), value);
                if (i % 10_000 == 0) {
                    maxMemtables = Math.max(maxMemtables, db.getLongProperty("rocksdb.cur-size-all-mem-tables"));
                }
            }
            db.flushWal(true);
            assertThat(db.getLongProperty("rocksdb.total-sst-files-size")).as("data went to tables").isGreaterThan(memtables);
            // a flush starts when the memtables reach the budget; one more memtable fills while it runs
            assertThat(maxMemtables).isLessThanOrEqualTo(2 * memtables);
            // index and filter blocks live in the block cache, not in every open table's reader
            assertThat(db.getLongProperty("rocksdb.estimate-table-readers-mem")).isLessThan(64L << 10);
            assertThat(db.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(8L << 20);
        }
    }

    @Test
    void memtablesMustFitTheCache() {
        assertThatThrownBy(() -> new RocksMemoryBudget(1L << 20, 2L << 20)).isInstanceOf(IllegalArgumentException.class);
    }
}
