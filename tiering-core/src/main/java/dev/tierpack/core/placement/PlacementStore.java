package dev.tierpack.core.placement;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The facts placement decides on and the decisions it made, in RocksDB under one directory, so that the reference
 * graph of hundreds of millions of store paths never lives on the heap. Column families:
 * <ul>
 *   <li>{@code facts}: hash part to {@link PathFacts} (name, references, fixed output, last modified), written by the
 *       lister in synced batches ({@link #recordAll}) before it commits the page they came from;
 *   <li>{@code hot}: hash part to the {@link PlacementDecision} of every hot path, written by {@link #compute};
 *   <li>{@code queue}: the breadth-first frontier of the closure being computed (sequence number to hash part);
 *   <li>{@code hits}: access-log hit counts summed per hash part;
 *   <li>{@code default}: the policy state ({@code computed} = whether a policy was computed, and if it was active).
 * </ul>
 * Closures are computed breadth first from each root with the frontier in {@code queue}: each path is visited once
 * per computation (a path already hot is not expanded again, its closure being hot already). Memory is bounded by
 * RocksDB's caches whatever the number of paths. Thread-safe for concurrent {@link #decide} and {@link #recordAll};
 * {@link #compute} must not run concurrently with {@link #decide}.
 */
public final class PlacementStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] COMPUTED = "computed".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOW = {0};
    private static final byte[] HIGH = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    /** What {@link #compute} decided: hot paths per rule, and paths known from the listing. */
    public record Summary(Map<PlacementRule, Long> hot, long known) {
        public Summary {
            hot = Map.copyOf(hot);
        }

        public long hotTotal() {
            return hot.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Path dir;
    private final RocksDB db;
    private final DBOptions options;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle facts;
    private final ColumnFamilyHandle hot;
    private final ColumnFamilyHandle queue;
    private final ColumnFamilyHandle hits;
    private final WriteOptions synced = new WriteOptions().setSync(true);
    private final WriteOptions scratch = new WriteOptions().setDisableWAL(true);

    /** Block cache of the store (memtables charged to it). */
    static final long CACHE_BYTES = 32L << 20;
    /** All memtables of the store together. */
    static final long MEMTABLE_BYTES = 16L << 20;

    private final dev.tierpack.core.store.RocksMemoryBudget budget;

    private PlacementStore(Path dir, RocksDB db, DBOptions options, ColumnFamilyOptions cfOptions,
            List<ColumnFamilyHandle> handles, dev.tierpack.core.store.RocksMemoryBudget budget) {
        this.budget = budget;
        this.dir = dir;
        this.db = db;
        this.options = options;
        this.cfOptions = cfOptions;
        this.handles = handles;
        this.meta = handles.get(0);
        this.facts = handles.get(1);
        this.hot = handles.get(2);
        this.queue = handles.get(3);
        this.hits = handles.get(4);
    }

    /** Opens (creating if needed) the placement store in {@code dir}. */
    public static PlacementStore open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PlacementStoreException("cannot create the placement store directory", e, "directory", dir);
        }
        // facts grow with the campaign (one per listed store path): bound the memory whatever the number
        dev.tierpack.core.store.RocksMemoryBudget budget = new dev.tierpack.core.store.RocksMemoryBudget(CACHE_BYTES, MEMTABLE_BYTES);
        DBOptions options = budget.database(new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setInfoLogLevel(org.rocksdb.InfoLogLevel.WARN_LEVEL).setKeepLogFileNum(2));
        ColumnFamilyOptions cf = budget.columnFamily(new ColumnFamilyOptions(), new org.rocksdb.BlockBasedTableConfig());
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf),
                new ColumnFamilyDescriptor(bytes("facts"), cf),
                new ColumnFamilyDescriptor(bytes("hot"), cf),
                new ColumnFamilyDescriptor(bytes("queue"), cf),
                new ColumnFamilyDescriptor(bytes("hits"), cf));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
            return new PlacementStore(dir, db, options, cf, handles, budget);
        } catch (RocksDBException e) {
            options.close();
            cf.close();
            budget.close();
            throw new PlacementStoreException("cannot open the placement store", e, "directory", dir,
                    "cause", e.getMessage());
        }
    }

    public Path directory() {
        return dir;
    }

    /** Records the facts of listed store paths in one synced batch (durable when this returns). */
    public void recordAll(Collection<PathFacts> paths) {
        if (paths.isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (PathFacts f : paths) {
                batch.put(facts, bytes(f.hashPart()), f.encodeValue());
            }
            db.write(synced, batch);
        } catch (RocksDBException e) {
            throw failure("cannot record placement facts", e);
        }
    }

    /** The recorded facts of a store path. */
    public Optional<PathFacts> facts(String hashPart) {
        byte[] v = get(facts, bytes(hashPart));
        return v == null ? Optional.empty() : Optional.of(decodeFacts(hashPart, v));
    }

    /** Every recorded path's facts, in hash order, streamed. */
    public void eachFacts(Consumer<PathFacts> each) {
        try (RocksIterator it = db.newIterator(facts)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                String h = new String(it.key(), StandardCharsets.US_ASCII);
                each.accept(decodeFacts(h, it.value()));
            }
        }
    }

    /**
     * Computes the hot set of {@code policy} over the recorded facts (replacing any earlier computation) and
     * remembers that it did. An inactive policy ({@link PlacementPolicy#active()}) makes every path warm.
     */
    public Summary compute(PlacementPolicy policy, Clock clock) {
        Objects.requireNonNull(policy, "policy");
        Computation c = new Computation();
        try {
            db.delete(meta, synced, COMPUTED);
            db.deleteRange(hot, scratch, LOW, HIGH);
            db.deleteRange(queue, scratch, LOW, HIGH);
            db.deleteRange(hits, scratch, LOW, HIGH);
            if (policy.active()) {
                List<PinMatcher> patterns = new ArrayList<>();
                for (int i = 0; i < policy.pins().size(); i++) {
                    PinMatcher m = PinMatcher.of(policy.pins().get(i), "pins[" + i + "]");
                    if (m.byHash()) {
                        c.closure(m.hashPart(), PlacementRule.PIN, "pinned " + m.pin());
                    } else {
                        patterns.add(m);
                    }
                }
                if (!patterns.isEmpty()) {
                    eachFacts(f -> patterns.stream().filter(m -> m.matches(f)).findFirst()
                            .ifPresent(m -> c.closure(f.hashPart(), PlacementRule.PIN, "pinned " + m.pin())));
                }
                for (Path file : ChannelRoots.hot(policy.channelRoots(), policy.hotNewestBumps())) {
                    String detail = "channel bump " + file.getFileName();
                    ChannelRoots.read(file, h -> c.closure(h, PlacementRule.CHANNEL, detail));
                }
                if (policy.accessLog().isPresent()) {
                    AccessLog.read(policy.accessLog().get(), this::addHits);
                    try (RocksIterator it = db.newIterator(hits)) {
                        for (it.seekToFirst(); it.isValid(); it.next()) {
                            long n = ByteBuffer.wrap(it.value()).getLong();
                            if (n >= policy.minHits()) {
                                c.closure(new String(it.key(), StandardCharsets.US_ASCII), PlacementRule.ACCESS,
                                        n + " hits in " + policy.accessLog().get().getFileName());
                            }
                        }
                    }
                }
                if (policy.maxAge().isPresent()) {
                    long cutoff = clock.millis() - policy.maxAge().get().toMillis();
                    eachFacts(f -> {
                        if (f.lastModified() >= 0 && f.lastModified() >= cutoff) {
                            c.closure(f.hashPart(), PlacementRule.AGE, "modified within " + policy.maxAge().get());
                        }
                    });
                }
                if (policy.fixedOutputsHot()) {
                    eachFacts(f -> {
                        if (f.fixedOutput()) {
                            c.mark(f.hashPart(), PlacementRule.FIXED_OUTPUT, f.hashPart(), "fixed-output path");
                        }
                    });
                }
            }
            db.deleteRange(queue, scratch, LOW, HIGH);
            db.flushWal(true);
            db.put(meta, synced, COMPUTED, new byte[] {1, (byte) (policy.active() ? 1 : 0)});
        } catch (RocksDBException e) {
            throw failure("cannot compute placement", e);
        }
        long[] known = {0};
        eachFacts(f -> known[0]++);
        return new Summary(c.counts, known[0]);
    }

    /** Whether {@link #compute} finished for some policy. */
    public boolean computed() {
        return get(meta, COMPUTED) != null;
    }

    /**
     * The decision for a store path under the last computed policy.
     *
     * @throws PlacementStoreException no policy was computed yet
     */
    public PlacementDecision decide(String hashPart) {
        byte[] state = get(meta, COMPUTED);
        if (state == null) {
            throw new PlacementStoreException("placement is not computed yet (the campaign's listing must complete first)",
                    "directory", dir, "storePath", hashPart);
        }
        if (state[1] == 0) {
            return new PlacementDecision(hashPart, PlacementRule.NO_POLICY, "", "no placement policy: everything is warm");
        }
        byte[] v = get(hot, bytes(hashPart));
        if (v != null) {
            return PlacementDecision.decodeValue(hashPart, v);
        }
        return new PlacementDecision(hashPart, PlacementRule.DEFAULT_COLD, "", "no hot rule matched");
    }

    private void addHits(String hashPart, long n) {
        byte[] k = bytes(hashPart);
        byte[] v = get(hits, k);
        long total = (v == null ? 0 : ByteBuffer.wrap(v).getLong()) + n;
        try {
            db.put(hits, scratch, k, ByteBuffer.allocate(8).putLong(total).array());
        } catch (RocksDBException e) {
            throw failure("cannot count access log hits", e);
        }
    }

    /** One run of {@link #compute}: the breadth-first queue's sequence numbers and the counts. */
    private final class Computation {
        final Map<PlacementRule, Long> counts = new EnumMap<>(PlacementRule.class);
        long head;
        long tail;

        /** Marks {@code root} and everything it references, transitively, hot by {@code rule}. */
        void closure(String root, PlacementRule rule, String detail) {
            if (!mark(root, rule, root, detail)) {
                return;
            }
            enqueue(root);
            while (head < tail) {
                byte[] key = seq(head++);
                String h = new String(get(queue, key), StandardCharsets.US_ASCII);
                byte[] f = get(facts, bytes(h));
                if (f != null) {
                    for (String ref : decodeFacts(h, f).references()) {
                        if (mark(ref, rule, root, detail)) {
                            enqueue(ref);
                        }
                    }
                }
                try {
                    db.delete(queue, scratch, key);
                } catch (RocksDBException e) {
                    throw failure("cannot update the closure queue", e);
                }
            }
        }

        /** Marks one path hot unless it already is; returns whether it was marked now. */
        boolean mark(String hashPart, PlacementRule rule, String root, String detail) {
            byte[] k = bytes(hashPart);
            if (db.keyExists(hot, k)) {
                return false;
            }
            try {
                db.put(hot, scratch, k, new PlacementDecision(hashPart, rule, root, detail).encodeValue());
            } catch (RocksDBException e) {
                throw failure("cannot record a placement decision", e);
            }
            counts.merge(rule, 1L, Long::sum);
            return true;
        }

        private void enqueue(String hashPart) {
            try {
                db.put(queue, scratch, seq(tail++), bytes(hashPart));
            } catch (RocksDBException e) {
                throw failure("cannot update the closure queue", e);
            }
        }
    }

    private static byte[] seq(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    private byte[] get(ColumnFamilyHandle cf, byte[] key) {
        try {
            return db.get(cf, key);
        } catch (RocksDBException e) {
            throw failure("cannot read the placement store", e);
        }
    }

    private PathFacts decodeFacts(String hashPart, byte[] v) {
        try {
            return PathFacts.decodeValue(hashPart, v);
        } catch (dev.tierpack.core.error.TierpackException e) {
            throw e.with("directory", dir);
        }
    }

    private PlacementStoreException failure(String what, RocksDBException e) {
        return new PlacementStoreException(what, e, "directory", dir, "cause", e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            // closing anyway; scratch data is recomputed, facts were written synced
        }
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        options.close();
        cfOptions.close();
        synced.close();
        scratch.close();
        budget.close();
    }
}
