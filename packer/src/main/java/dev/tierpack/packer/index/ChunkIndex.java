package dev.tierpack.packer.index;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.store.CloseGuard;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.format.UnsupportedFormatVersionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The local chunk index: chunk id to {@link ChunkLocation} for every chunk of every published pack, plus a record of
 * each published pack and running totals, in RocksDB under a home directory (layout in FORMAT.md 7).
 *
 * <p>Guarantees:
 * <ul>
 * <li>{@link #publish} writes all of a pack's new chunk entries, its pack record and the updated totals in one
 *     atomic RocksDB write batch synced to disk ({@code sync=true}) before it returns: after a crash a pack is either
 *     fully published or not at all, and once {@code publish} returns the caller may commit progress (FORMAT.md 5).
 * <li>Publishing the same pack again is a no-op. A chunk id already mapped keeps its location (first published
 *     wins) unless the new copy is warm and the mapped one cold (the warm location wins, FORMAT.md "Placement");
 *     the new copy is counted as redundant.
 * <li>{@link #stats()} is kept in the index, updated in the same batch, never recomputed by scanning.
 * <li>Thread-safe: lookups run concurrently, publishes are serialized. {@link #close()} waits for running calls,
 *     is idempotent, and every later call is an {@link IllegalStateException} (never a native crash).
 * <li>One instance per home: the home is locked while open (a second open is a
 *     {@link dev.tierpack.core.error.ConfigException}).
 * <li>Stored values are checked when read: an unknown value version is an {@link UnsupportedFormatVersionException},
 *     a malformed value a {@link FormatException}, both naming the chunk (or pack) and the directory.
 * </ul>
 * The index is local state rebuildable from the index objects ({@link ChunkIndexRebuilder}).
 */
public final class ChunkIndex implements AutoCloseable {
    /** Format of the whole index (column families, keys, meta entries); stored under {@code format}. */
    public static final int FORMAT_VERSION = 1;
    static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    static final byte[] STATS_KEY = "stats".getBytes(StandardCharsets.US_ASCII);
    /** Keys per RocksDB multiGet: large enough to amortize the JNI call, small enough to bound the arrays. */
    static final int MULTI_GET_BATCH = 1024;
    /** Bytes a chunk entry takes in a write batch: tag, column family, lengths, key and value. */
    private static final int BATCH_BYTES_PER_CHUNK = 8 + ChunkId.LENGTH + ChunkLocation.SIZE;

    /** What to do when a published pack holds a chunk id the index already maps to another pack. */
    enum Conflict {
        /** Keep the existing location: first published wins (incremental publishing). */
        KEEP_EXISTING,
        /**
         * Keep the location in the pack with the smallest id, the earliest created (UUIDv7): the result does not
         * depend on the order packs are published in (rebuilds, whose input order is a listing order).
         */
        KEEP_SMALLEST_PACK
    }

    /** Test hooks: points in {@link #publish} where a test can inject a failure. */
    interface Faults {
        Faults NONE = new Faults() {};

        /** Called before the {@code n}-th chunk of a pack is added to the batch. */
        default void beforeChunk(int n) {}

        /** Called when the batch is complete, before it is written. */
        default void beforeWrite() {}
    }

    private final RocksStore store;
    private final IndexHome home;
    private final Conflict conflict;
    private final Faults faults;
    private final CloseGuard guard;
    private final ReentrantLock publishing = new ReentrantLock();
    private volatile IndexStats stats;

    private ChunkIndex(RocksStore store, IndexHome home, Conflict conflict, Faults faults, IndexStats stats) {
        this.store = store;
        this.home = home;
        this.conflict = conflict;
        this.faults = faults;
        this.stats = stats;
        this.guard = new CloseGuard("chunk index", store.dir());
    }

    /** Opens (creating if needed) the chunk index in {@code home} with {@link ChunkIndexConfig#defaults()}. */
    public static ChunkIndex open(Path home) {
        return open(home, ChunkIndexConfig.defaults());
    }

    /**
     * Opens the chunk index in {@code home}, creating an empty one if the directory has none.
     *
     * @throws dev.tierpack.core.error.ConfigException the index is open elsewhere or being rebuilt
     * @throws UnsupportedFormatVersionException       the index was written by a newer format
     * @throws IndexStoreException                     RocksDB or the filesystem failed
     */
    public static ChunkIndex open(Path home, ChunkIndexConfig config) {
        return open(home, config, Faults.NONE);
    }

    static ChunkIndex open(Path home, ChunkIndexConfig config, Faults faults) {
        Objects.requireNonNull(config, "config");
        IndexHome h = IndexHome.lock(home);
        return h.openLive((dir, create) -> openStore(dir, config, h, true, create, Conflict.KEEP_EXISTING, faults));
    }

    /**
     * Opens or creates the RocksDB directory {@code dir}. {@code home}, if not null, is closed with the index. On
     * failure the store is closed, {@code home} is left to the caller.
     */
    static ChunkIndex openStore(Path dir, ChunkIndexConfig config, IndexHome home, boolean durable, boolean create,
            Conflict conflict, Faults faults) {
        RocksStore store = RocksStore.open(dir, config, durable, create);
        try {
            if (create) {
                try (WriteBatch batch = new WriteBatch()) {
                    batch.put(store.meta(), FORMAT_KEY, new byte[] {FORMAT_VERSION});
                    batch.put(store.meta(), STATS_KEY, IndexStats.EMPTY.encode());
                    store.write(batch);
                } catch (RocksDBException e) {
                    throw RocksStore.failure("cannot initialize chunk index", e, dir);
                }
            }
            byte[] format = store.get(store.meta(), FORMAT_KEY);
            if (format == null) {
                throw new FormatException("not a chunk index: no format marker", "directory", dir);
            }
            if (format.length != 1 || format[0] != FORMAT_VERSION) {
                throw new UnsupportedFormatVersionException("chunk index", format.length == 1 ? format[0] & 0xFF : -1,
                        "directory", dir);
            }
            byte[] stats = store.get(store.meta(), STATS_KEY);
            if (stats == null) {
                throw new FormatException("chunk index without totals", "directory", dir);
            }
            IndexStats decoded;
            try {
                decoded = IndexStats.decode(stats);
            } catch (TierpackException e) {
                throw e.with("directory", dir);
            }
            return new ChunkIndex(store, home, conflict, faults, decoded);
        } catch (RuntimeException | Error e) {
            try {
                store.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The RocksDB directory in use. */
    public Path directory() {
        return store.dir();
    }

    /** Where chunk {@code id} is stored, if it is published. */
    public Optional<ChunkLocation> find(ChunkId id) {
        Objects.requireNonNull(id, "id");
        return guard.call(() -> {
            byte[] value = store.get(store.chunks(), id.bytes());
            return value == null ? Optional.empty() : Optional.of(location(id, value));
        });
    }

    /** Whether chunk {@code id} is published; does not copy or decode the location. */
    public boolean contains(ChunkId id) {
        Objects.requireNonNull(id, "id");
        return guard.call(() -> store.valueLength(store.chunks(), id.bytes()) != RocksDB.NOT_FOUND);
    }

    /**
     * The locations of those of {@code ids} that are published (absent ids have no entry), looked up in batches of
     * {@value #MULTI_GET_BATCH} with RocksDB's multiGet.
     */
    public Map<ChunkId, ChunkLocation> findAll(Collection<ChunkId> ids) {
        Objects.requireNonNull(ids, "ids");
        Map<ChunkId, ChunkLocation> found = HashMap.newHashMap(ids.size());
        return guard.call(() -> {
            Iterator<ChunkId> it = ids.iterator();
            List<ChunkId> batch = new ArrayList<>(Math.min(ids.size(), MULTI_GET_BATCH));
            List<byte[]> keys = new ArrayList<>(Math.min(ids.size(), MULTI_GET_BATCH));
            while (it.hasNext()) {
                batch.clear();
                keys.clear();
                while (it.hasNext() && batch.size() < MULTI_GET_BATCH) {
                    ChunkId id = Objects.requireNonNull(it.next(), "ids contains null");
                    batch.add(id);
                    keys.add(id.bytes());
                }
                List<byte[]> values = store.multiGet(store.chunks(), keys);
                for (int i = 0; i < batch.size(); i++) {
                    byte[] value = values.get(i);
                    if (value != null) {
                        found.put(batch.get(i), location(batch.get(i), value));
                    }
                }
            }
            return found;
        });
    }

    /**
     * Publishes every chunk of the pack {@code index} describes (FORMAT.md 5 step 4: call only after the pack and its
     * index object are written and verified). One atomic, synced write; see the class guarantees.
     *
     * @throws IntegrityException  the pack id is already published with a different length, checksum, tier or
     *                             content; nothing is written
     * @throws IndexStoreException RocksDB failed. The batch is atomic, so the pack is published entirely or not at
     *                             all (if the WAL reached the disk before the sync failed, RocksDB recovers it on
     *                             the next open); publishing again, after reopening, is safe
     */
    public PublishResult publish(PackIndexObject index) {
        Objects.requireNonNull(index, "index");
        return guard.call(() -> {
            publishing.lock();
            try {
                return publishLocked(index);
            } finally {
                publishing.unlock();
            }
        });
    }

    private PublishResult publishLocked(PackIndexObject index) {
        PublishedPack pack = PublishedPack.of(index);
        byte[] packKey = index.packId().bytes();
        byte[] existing = store.get(store.packs(), packKey);
        if (existing != null) {
            PublishedPack previous = packRecord(index.packId(), existing);
            if (!previous.sameObject(pack)) {
                throw new IntegrityException("pack already published with different contents", "pack", index.packId(),
                        "publishedLength", previous.packLength(), "packLength", pack.packLength(),
                        "publishedSha256", previous.sha256Hex(), "sha256", pack.sha256Hex(),
                        "publishedTier", previous.tier(), "tier", pack.tier());
            }
            return new PublishResult(0, pack.chunkCount(), true);
        }
        List<ChunkRecord> chunks = index.body().chunks();
        int fresh = 0;
        int redundant = 0;
        try (WriteBatch batch = new WriteBatch(64 + chunks.size() * BATCH_BYTES_PER_CHUNK)) {
            List<byte[]> keys = new ArrayList<>(Math.min(chunks.size(), MULTI_GET_BATCH));
            for (int from = 0; from < chunks.size(); from += MULTI_GET_BATCH) {
                List<ChunkRecord> slice = chunks.subList(from, Math.min(chunks.size(), from + MULTI_GET_BATCH));
                keys.clear();
                for (ChunkRecord r : slice) {
                    keys.add(r.id().bytes());
                }
                List<byte[]> values = store.multiGet(store.chunks(), keys);
                for (int i = 0; i < slice.size(); i++) {
                    faults.beforeChunk(from + i);
                    ChunkRecord r = slice.get(i);
                    byte[] current = values.get(i);
                    if (current == null) {
                        fresh++;
                        batch.put(store.chunks(), keys.get(i), ChunkLocation.of(index, r).encode());
                    } else {
                        redundant++;
                        if (replaces(index, location(r.id(), current))) {
                            batch.put(store.chunks(), keys.get(i), ChunkLocation.of(index, r).encode());
                        }
                    }
                }
            }
            IndexStats next = stats.plus(pack, fresh, redundant);
            batch.put(store.packs(), packKey, pack.encode());
            batch.put(store.meta(), STATS_KEY, next.encode());
            faults.beforeWrite();
            store.write(batch);
            stats = next;
        } catch (RocksDBException e) {
            throw RocksStore.failure("cannot build chunk index write batch", e, store.dir()).with("pack", index.packId());
        } catch (TierpackException e) {
            throw e.with("pack", index.packId());
        }
        return new PublishResult(fresh, redundant, false);
    }

    /**
     * Whether a copy of a chunk in pack {@code index} replaces its location {@code current}: a warm copy always
     * replaces a cold one (FORMAT.md "Placement": the index prefers the warm location), a cold copy never replaces a
     * warm one; between copies on the same tier, the {@link Conflict} rule decides.
     */
    private boolean replaces(PackIndexObject index, ChunkLocation current) {
        if (index.tier() != current.tier()) {
            return index.tier() == TierCode.WARM;
        }
        return conflict == Conflict.KEEP_SMALLEST_PACK && compare(index.packId(), current.packId()) < 0;
    }

    /**
     * Retires a published warm data pack before it is deleted (re-placement, docs/FORMAT.md 11.3 rule 5 (i)): in one
     * atomic, synced write batch, every chunk of {@code gone} still located in it gets its location in {@code moved}
     * (a copy in another published pack). The pack record stays until {@link #forget} (after the deletions), so that
     * an interrupted deletion is found again. Retiring a pack that is not published writes nothing.
     *
     * @param gone  the index object of the pack to retire (as on the warm tier)
     * @param moved the other location of every chunk of {@code gone} the index still locates in it
     * @throws IntegrityException a chunk would be left without a location, a new location is in {@code gone} or in an
     *     unpublished pack, or {@code gone} is not a warm data pack; nothing is written
     */
    public void retire(PackIndexObject gone, Map<ChunkId, ChunkLocation> moved) {
        Objects.requireNonNull(gone, "gone");
        Objects.requireNonNull(moved, "moved");
        guard.call(() -> {
            publishing.lock();
            try {
                retireLocked(gone, moved);
                return null;
            } finally {
                publishing.unlock();
            }
        });
    }

    private void retireLocked(PackIndexObject gone, Map<ChunkId, ChunkLocation> moved) {
        byte[] packKey = gone.packId().bytes();
        byte[] existing = store.get(store.packs(), packKey);
        if (existing == null) {
            return;
        }
        PublishedPack pack = packRecord(gone.packId(), existing);
        if (pack.tier() != TierCode.WARM || pack.content() != dev.tierpack.packer.format.ContentCode.DATA
                || !pack.sameObject(PublishedPack.of(gone))) {
            throw new IntegrityException("only a published warm data pack can be retired", "pack", gone.packId(),
                    "tier", pack.tier(), "content", pack.content());
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (ChunkRecord r : gone.body().chunks()) {
                byte[] current = store.get(store.chunks(), r.id().bytes());
                if (current == null || !location(r.id(), current).packId().equals(gone.packId())) {
                    continue; // located in another pack already
                }
                ChunkLocation to = moved.get(r.id());
                if (to == null || to.packId().equals(gone.packId())
                        || store.valueLength(store.packs(), to.packId().bytes()) == RocksDB.NOT_FOUND) {
                    throw new IntegrityException("a chunk of the retired pack has no other published copy",
                            "pack", gone.packId(), "chunk", r.id(), "to", to == null ? "none" : to.packId());
                }
                batch.put(store.chunks(), r.id().bytes(), to.encode());
            }
            store.write(batch);
        } catch (RocksDBException e) {
            throw RocksStore.failure("cannot build chunk index write batch", e, store.dir()).with("pack", gone.packId());
        }
    }

    /**
     * Removes the record of a retired pack whose objects are deleted (docs/FORMAT.md 11.3 rule 5 (iv)), with the
     * totals (its chunks stay counted as distinct ids; each loses the redundant copy it was), in one atomic, synced
     * write batch. Call only once no chunk is located in it ({@link #retire}). Forgetting an unknown pack writes nothing.
     */
    public void forget(PackId id) {
        Objects.requireNonNull(id, "id");
        guard.call(() -> {
            publishing.lock();
            try {
                byte[] existing = store.get(store.packs(), id.bytes());
                if (existing == null) {
                    return null;
                }
                PublishedPack pack = packRecord(id, existing);
                IndexStats next = new IndexStats(stats.packs() - 1, stats.chunks(),
                        Math.max(0, stats.redundantChunks() - pack.chunkCount()),
                        Math.max(0, stats.storedBytes() - pack.storedBytes()), Math.max(0, stats.rawBytes() - pack.rawBytes()));
                try (WriteBatch batch = new WriteBatch()) {
                    batch.delete(store.packs(), id.bytes());
                    batch.put(store.meta(), STATS_KEY, next.encode());
                    store.write(batch);
                    stats = next;
                } catch (RocksDBException e) {
                    throw RocksStore.failure("cannot build chunk index write batch", e, store.dir()).with("pack", id);
                }
                return null;
            } finally {
                publishing.unlock();
            }
        });
    }

    /** Whether pack {@code id} is published. */
    public boolean isPublished(PackId id) {
        Objects.requireNonNull(id, "id");
        return guard.call(() -> store.valueLength(store.packs(), id.bytes()) != RocksDB.NOT_FOUND);
    }

    /** The record of published pack {@code id}. */
    public Optional<PublishedPack> pack(PackId id) {
        Objects.requireNonNull(id, "id");
        return guard.call(() -> {
            byte[] value = store.get(store.packs(), id.bytes());
            return value == null ? Optional.empty() : Optional.of(packRecord(id, value));
        });
    }

    /**
     * Calls {@code each} for every published pack in pack id order (= creation order, UUIDv7), from a consistent view
     * taken at the call; memory is bounded (one record at a time). {@code each} must not close this index.
     */
    public void packs(Consumer<? super PublishedPack> each) {
        Objects.requireNonNull(each, "each");
        guard.call(() -> {
            store.scan(store.packs(), (k, v) -> each.accept(packRecord(new PackId(k), v)));
            return null;
        });
    }

    /**
     * Calls {@code each} for every chunk entry in chunk id order, from a consistent view taken at the call, without
     * polluting the block cache. {@code each} must not close this index.
     */
    public void chunks(BiConsumer<? super ChunkId, ? super ChunkLocation> each) {
        Objects.requireNonNull(each, "each");
        guard.call(() -> {
            store.scan(store.chunks(), (k, v) -> {
                ChunkId id = ChunkId.of(k);
                each.accept(id, location(id, v));
            });
            return null;
        });
    }

    /** The totals, as of the last completed publish. */
    public IndexStats stats() {
        return guard.call(() -> stats);
    }

    /** Writes the memtables to disk and waits (used before a rebuilt index goes live). */
    void flush() {
        guard.call(() -> {
            store.flush();
            return null;
        });
    }

    /**
     * Waits for running calls, closes RocksDB and releases the home. Idempotent. Must not be called from inside a
     * {@link #packs}/{@link #chunks} callback (an {@link IllegalStateException}: it would wait for itself).
     */
    @Override
    public void close() {
        guard.close(() -> {
            try {
                store.close();
            } finally {
                if (home != null) {
                    home.close();
                }
            }
        });
    }

    private ChunkLocation location(ChunkId id, byte[] value) {
        try {
            return ChunkLocation.decode(value);
        } catch (TierpackException e) {
            throw e.with("chunk", id).with("directory", store.dir());
        }
    }

    private PublishedPack packRecord(PackId id, byte[] value) {
        try {
            return PublishedPack.decode(id, value);
        } catch (TierpackException e) {
            throw e.with("directory", store.dir());
        }
    }

    /** Unsigned byte order of pack ids: UUIDv7 creation-time order. */
    static int compare(PackId a, PackId b) {
        return Arrays.compareUnsigned(a.bytes(), b.bytes());
    }
}
