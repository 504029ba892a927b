package dev.tierpack.campaign.worker;

import dev.tierpack.campaign.records.ProgressEvent;
import dev.tierpack.campaign.records.RecordCodec;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.kafka.TopicReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ProgressView} in a local RocksDB, so that its memory does not grow with the campaign. It is a cache of
 * the progress topic: {@link #catchUp} reads the topic from the offsets it stored last time (the whole topic the
 * first time, or when the topic was recreated: its id is stored too) and applies every event; events applied in
 * between by {@link #apply} are re-applied by the next catch-up, which is harmless (the latest event wins). Losing
 * the directory only costs a full re-read.
 *
 * <p>Keys: {@code 'h' + hash part} → value version 1, kind, NarSize (8 bytes LE); {@code 'o' + partition (4 bytes
 * BE)} → next offset to read; {@code 't'} → totals; {@code 'i'} → the topic id.
 */
public final class RocksProgressView implements ProgressView {
    private static final Logger LOG = LoggerFactory.getLogger(RocksProgressView.class);
    private static final byte VERSION = 1;
    private static final byte[] TOTALS = {'t'};
    private static final byte[] TOPIC_ID = {'i'};
    private static final int CATCH_UP_BATCH = 10_000;

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    // one entry per store path: bound the memory whatever the campaign size (block cache 16 MiB, memtables 8 MiB)
    private final dev.tierpack.core.store.RocksMemoryBudget budget = new dev.tierpack.core.store.RocksMemoryBudget(16L << 20, 8L << 20);
    private final Options options = budget.options(new Options().setCreateIfMissing(true), new org.rocksdb.BlockBasedTableConfig());
    private final WriteOptions writes = new WriteOptions();
    private RocksDB db;
    private Totals totals;

    private RocksProgressView(Path dir) {
        this.dir = dir;
    }

    public static RocksProgressView open(Path dir) {
        RocksProgressView v = new RocksProgressView(dir);
        v.openDb();
        return v;
    }

    private void openDb() {
        try {
            Files.createDirectories(dir);
            db = RocksDB.open(options, dir.toString());
            byte[] t = db.get(TOTALS);
            totals = t == null ? Totals.ZERO : decodeTotals(t);
        } catch (RocksDBException | java.io.IOException e) {
            throw new TierpackException("cannot open the progress view", e, "dir", dir, "cause", e.getMessage());
        }
    }

    /** What a catch-up read. */
    public record CatchUp(long events, boolean rebuilt) {}

    /**
     * Applies every committed event of the progress topic not read before.
     *
     * @param topicId the topic's id; a different stored id means the topic was recreated and the view is rebuilt
     */
    public synchronized CatchUp catchUp(TopicReader reader, String topic, String topicId, Duration timeout) {
        boolean rebuilt = false;
        try {
            byte[] stored = db.get(TOPIC_ID);
            if (stored == null || !new String(stored, StandardCharsets.UTF_8).equals(topicId)) {
                rebuilt = stored != null;
                if (rebuilt) {
                    LOG.warn("progress topic was recreated; rebuilding the progress view: topic={} dir={}", topic, dir);
                }
                db.close();
                RocksDB.destroyDB(dir.toString(), options);
                openDb();
                db.put(TOPIC_ID, topicId.getBytes(StandardCharsets.UTF_8));
            }
            Map<TopicPartition, Long> from = new HashMap<>();
            for (TopicPartition tp : reader.partitions(topic)) {
                byte[] o = db.get(offsetKey(tp.partition()));
                if (o != null) {
                    from.put(tp, ByteBuffer.wrap(o).order(ByteOrder.LITTLE_ENDIAN).getLong());
                }
            }
            long[] count = {0};
            Map<TopicPartition, Long> next = new HashMap<>(from);
            java.util.List<ProgressEvent> pending = new java.util.ArrayList<>();
            Map<TopicPartition, Long> reached = reader.readToEnd(topic, from, r -> {
                if (r.value() != null) {
                    pending.add(RecordCodec.progress(r.value(), r.topic() + "/" + r.partition() + "@" + r.offset()));
                    count[0]++;
                }
                next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                if (pending.size() >= CATCH_UP_BATCH) {
                    applyWithOffsets(pending, next);
                    pending.clear();
                }
            }, true, timeout);
            applyWithOffsets(pending, reached);
            return new CatchUp(count[0], rebuilt);
        } catch (RocksDBException e) {
            throw new TierpackException("progress view catch-up failed", e, "dir", dir, "cause", e.getMessage());
        }
    }

    @Override
    public synchronized Optional<ProgressEvent.Kind> kind(String hashPart) {
        return Optional.ofNullable(entry(hashPart)).map(Entry::kind);
    }

    @Override
    public synchronized void apply(List<ProgressEvent> events) {
        applyWithOffsets(events, Map.of());
    }

    private void applyWithOffsets(List<ProgressEvent> events, Map<TopicPartition, Long> offsets) {
        Totals t = Entry.preview(totals, events, this::entry);
        try (WriteBatch batch = new WriteBatch()) {
            for (ProgressEvent e : events) {
                batch.put(entryKey(e.hashPart()), encodeEntry(Entry.of(e))); // the latest event of a store path wins
            }
            for (var o : offsets.entrySet()) {
                batch.put(offsetKey(o.getKey().partition()),
                        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(o.getValue()).array());
            }
            batch.put(TOTALS, encodeTotals(t));
            db.write(writes, batch);
            totals = t;
        } catch (RocksDBException e) {
            throw new TierpackException("progress view write failed", e, "dir", dir, "cause", e.getMessage());
        }
    }

    @Override
    public synchronized Totals totals() {
        return totals;
    }

    @Override
    public synchronized Totals preview(List<ProgressEvent> events) {
        return Entry.preview(totals, events, this::entry);
    }

    private Entry entry(String hashPart) {
        try {
            byte[] v = db.get(entryKey(hashPart));
            return v == null ? null : decodeEntry(v, hashPart);
        } catch (RocksDBException e) {
            throw new TierpackException("progress view read failed", e, "dir", dir, "cause", e.getMessage());
        }
    }

    private static byte[] entryKey(String hashPart) {
        byte[] h = hashPart.getBytes(StandardCharsets.US_ASCII);
        byte[] k = new byte[1 + h.length];
        k[0] = 'h';
        System.arraycopy(h, 0, k, 1, h.length);
        return k;
    }

    private static byte[] offsetKey(int partition) {
        return ByteBuffer.allocate(5).put((byte) 'o').putInt(partition).array();
    }

    private static byte[] encodeEntry(Entry e) {
        return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put(VERSION).put((byte) e.kind().ordinal())
                .putLong(e.narSize()).array();
    }

    private Entry decodeEntry(byte[] v, String hashPart) {
        if (v.length != 10 || v[0] != VERSION || v[1] < 0 || v[1] >= ProgressEvent.Kind.values().length) {
            throw new FormatException("bad progress view entry", "dir", dir, "hash", hashPart, "length", v.length);
        }
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        return new Entry(ProgressEvent.Kind.values()[v[1]], b.getLong(2));
    }

    private static byte[] encodeTotals(Totals t) {
        return ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN).put(VERSION).putLong(t.published())
                .putLong(t.quarantined()).putLong(t.narBytes()).array();
    }

    private Totals decodeTotals(byte[] v) {
        if (v.length != 25 || v[0] != VERSION) {
            throw new FormatException("bad progress view totals", "dir", dir, "length", v.length);
        }
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        return new Totals(b.getLong(1), b.getLong(9), b.getLong(17));
    }

    @Override
    public synchronized void close() {
        if (db != null) {
            db.close();
            db = null;
        }
        writes.close();
        options.close();
        budget.close();
    }
}
