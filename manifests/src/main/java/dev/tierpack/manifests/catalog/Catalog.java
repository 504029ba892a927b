package dev.tierpack.manifests.catalog;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.store.CloseGuard;
import dev.tierpack.core.store.NativeHandles;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.format.UnsupportedFormatVersionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The local catalog (docs/FORMAT.md 9): store path hash part to {@link CatalogEntry} (manifest location, placement,
 * narinfo text), original FileHash to hash part (legacy NAR URLs), and totals, in RocksDB under a home directory.
 *
 * <p>Guarantees:
 * <ul>
 * <li>{@link #publish} writes all entries of one manifest pack, their FileHash mappings and the updated totals in
 *     one atomic RocksDB write batch synced to disk: after a crash a manifest pack's store paths are all in the
 *     catalog or none is. Call it only after the manifest pack is published (FORMAT.md 5).
 * <li>For a store path in several manifest packs the entry from the pack with the largest id (the latest created,
 *     UUIDv7) wins, whatever the order of publishes: an incrementally built catalog and one rebuilt from the tier
 *     ({@link CatalogRebuilder}) are equal.
 * <li>Totals are updated in the same batch, never recomputed by scanning.
 * <li>Thread-safe: lookups run concurrently, publishes are serialized, {@link #close} waits for running calls and
 *     later calls are an {@link IllegalStateException}. One instance per home (the home is locked while open).
 * </ul>
 */
public final class Catalog implements AutoCloseable {
    /** Format of the whole catalog (column families, keys, meta entries), stored under {@code format}. */
    public static final int FORMAT_VERSION = 1;
    static final byte[] PATHS = "paths".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FILES = "files".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    static final byte[] STATS_KEY = "stats".getBytes(StandardCharsets.US_ASCII);
    private static final int FILE_VALUE_SIZE = 1 + 32;

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final CatalogHome home;
    private final NativeHandles natives;
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle paths;
    private final ColumnFamilyHandle files;
    private final WriteOptions write;
    private final CloseGuard guard;
    private final ReentrantLock publishing = new ReentrantLock();
    private volatile CatalogStats stats;

    private Catalog(Path dir, CatalogHome home, NativeHandles natives, RocksDB db, List<ColumnFamilyHandle> cfs,
            WriteOptions write) {
        this.dir = dir;
        this.home = home;
        this.natives = natives;
        this.db = db;
        this.meta = cfs.get(0);
        this.paths = cfs.get(1);
        this.files = cfs.get(2);
        this.write = write;
        this.guard = new CloseGuard("catalog", dir);
    }

    /**
     * Opens (creating if needed) the catalog in {@code home}.
     *
     * @throws dev.tierpack.core.error.ConfigException the catalog is open elsewhere or being rebuilt
     * @throws UnsupportedFormatVersionException       written by a newer format
     * @throws CatalogStoreException                   RocksDB or the filesystem failed
     */
    public static Catalog open(Path home) {
        CatalogHome h = CatalogHome.lock(home);
        return h.openLive((dir, create) -> openStore(dir, h, true, create));
    }

    /** Block cache of the catalog's RocksDB: data, index and filter blocks, and the memtables charged to it. */
    static final long CACHE_BYTES = 64L << 20;
    /** All memtables of the catalog together (three column families of up to 2 x 16 MiB otherwise). */
    static final long MEMTABLE_BYTES = 32L << 20;

    /** Opens or creates the RocksDB in {@code dir}; {@code home}, if not null, is released on close. */
    static Catalog openStore(Path dir, CatalogHome home, boolean durable, boolean create) {
        NativeHandles natives = new NativeHandles();
        try {
            BloomFilter bloom = natives.add(new BloomFilter(10));
            // index and filter blocks in a bounded cache: RocksDB's default keeps those of every table in memory,
            // which grows with the number of catalogued store paths
            dev.tierpack.core.store.RocksMemoryBudget budget = natives.add(
                    new dev.tierpack.core.store.RocksMemoryBudget(CACHE_BYTES, MEMTABLE_BYTES));
            ColumnFamilyOptions cfOptions = natives.add(new ColumnFamilyOptions()
                    .setTableFormatConfig(budget.table(new BlockBasedTableConfig().setFilterPolicy(bloom)))
                    .setWriteBufferSize(16L << 20)
                    .setMaxWriteBufferNumber(2));
            DBOptions options = natives.add(budget.database(new DBOptions())
                    .setCreateIfMissing(create)
                    .setErrorIfExists(create)
                    .setCreateMissingColumnFamilies(create)
                    .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                    .setKeepLogFileNum(3)
                    .setMaxLogFileSize(8L << 20));
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                    new ColumnFamilyDescriptor(PATHS, cfOptions),
                    new ColumnFamilyDescriptor(FILES, cfOptions));
            WriteOptions write = natives.add(durable ? new WriteOptions().setSync(true) : new WriteOptions().setDisableWAL(true));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
            Catalog c = new Catalog(dir, home, natives, db, handles, write);
            try {
                if (create) {
                    try (WriteBatch batch = new WriteBatch()) {
                        batch.put(c.meta, FORMAT_KEY, new byte[] {FORMAT_VERSION});
                        batch.put(c.meta, STATS_KEY, CatalogStats.EMPTY.encode());
                        db.write(write, batch);
                    }
                }
                byte[] format = db.get(c.meta, FORMAT_KEY);
                if (format == null) {
                    throw new FormatException("not a catalog: no format marker", "directory", dir);
                }
                if (format.length != 1 || format[0] != FORMAT_VERSION) {
                    throw new UnsupportedFormatVersionException("catalog", format.length == 1 ? format[0] & 0xFF : -1,
                            "directory", dir);
                }
                byte[] s = db.get(c.meta, STATS_KEY);
                if (s == null) {
                    throw new FormatException("catalog without totals", "directory", dir);
                }
                try {
                    c.stats = CatalogStats.decode(s);
                } catch (TierpackException e) {
                    throw e.with("directory", dir);
                }
                return c;
            } catch (RuntimeException | RocksDBException e) {
                c.closeStore();
                throw e;
            }
        } catch (RocksDBException e) {
            natives.close();
            throw failure(create ? "cannot create catalog" : "cannot open catalog", e, dir);
        } catch (RuntimeException | Error e) {
            natives.close();
            throw e;
        }
    }

    /** The RocksDB directory in use. */
    public Path directory() {
        return dir;
    }

    /** The entry of the store path with hash part {@code hashPart}, if catalogued. */
    public Optional<CatalogEntry> find(String hashPart) {
        if (!CatalogEntry.isHashPart(hashPart)) {
            return Optional.empty();
        }
        byte[] key = hashPart.getBytes(StandardCharsets.US_ASCII);
        byte[] v = read(() -> db.get(paths, key));
        return v == null ? Optional.empty() : Optional.of(decode(key, v));
    }

    /** The entry of the store path whose source narinfo had {@code fileHash}, if catalogued. */
    public Optional<CatalogEntry> findByFileHash(NixHash fileHash) {
        if (fileHash.algorithm() != HashAlgorithm.SHA256) {
            return Optional.empty();
        }
        byte[] v = read(() -> db.get(files, fileHash.bytes()));
        if (v == null) {
            return Optional.empty();
        }
        if (v.length != FILE_VALUE_SIZE || v[0] != 1) {
            throw new FormatException("bad FileHash value in catalog", "directory", dir, "fileHash",
                    fileHash.toNix32String(), "length", v.length);
        }
        return find(new String(v, 1, 32, StandardCharsets.US_ASCII));
    }

    /**
     * Publishes the entries of one manifest pack (FORMAT.md 5): one atomic, synced write with their FileHash
     * mappings and the totals. Of several entries for one store path, the one from the largest pack id wins.
     */
    public CatalogPublishResult publish(Collection<CatalogEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        return guard.call(() -> {
            publishing.lock();
            try {
                return publishLocked(entries);
            } finally {
                publishing.unlock();
            }
        });
    }

    private CatalogPublishResult publishLocked(Collection<CatalogEntry> entries) {
        Map<String, CatalogEntry> latest = new LinkedHashMap<>();
        for (CatalogEntry e : entries) {
            latest.merge(e.hashPart(), e, (a, b) -> wins(b, a) ? b : a);
        }
        List<CatalogEntry> list = new ArrayList<>(latest.values());
        List<byte[]> keys = new ArrayList<>(list.size());
        list.forEach(e -> keys.add(e.key()));
        int added = 0;
        int replaced = 0;
        int unchanged = 0;
        CatalogStats s = stats;
        long paths = s.storePaths();
        long warm = s.warmPaths();
        long cold = s.coldPaths();
        long narBytes = s.narBytes();
        try (WriteBatch batch = new WriteBatch()) {
            List<byte[]> current = keys.isEmpty() ? List.of()
                    : db.multiGetAsList(Collections.nCopies(keys.size(), this.paths), keys);
            for (int i = 0; i < list.size(); i++) {
                CatalogEntry e = list.get(i);
                byte[] value = e.encode();
                byte[] old = current.get(i);
                CatalogEntry previous = old == null ? null : decode(keys.get(i), old);
                if (previous != null && (Arrays.equals(old, value) || !wins(e, previous))) {
                    unchanged++;
                    continue;
                }
                batch.put(this.paths, keys.get(i), value);
                if (previous == null) {
                    added++;
                    paths++;
                    narBytes += e.narSize();
                } else {
                    replaced++;
                    narBytes += e.narSize() - previous.narSize();
                    if (previous.placement() == TierCode.WARM) {
                        warm--;
                    } else {
                        cold--;
                    }
                    if (previous.fileHash().isPresent() && !previous.fileHash().equals(e.fileHash())) {
                        batch.delete(files, previous.fileHash().get().bytes());
                    }
                }
                if (e.placement() == TierCode.WARM) {
                    warm++;
                } else {
                    cold++;
                }
                if (e.fileHash().isPresent()) {
                    byte[] fv = new byte[FILE_VALUE_SIZE];
                    fv[0] = 1;
                    System.arraycopy(keys.get(i), 0, fv, 1, 32);
                    batch.put(files, e.fileHash().get().bytes(), fv);
                }
            }
            CatalogStats next = new CatalogStats(paths, warm, cold, narBytes, s.manifestPacks() + 1);
            batch.put(meta, STATS_KEY, next.encode());
            db.write(write, batch);
            stats = next;
        } catch (RocksDBException e) {
            throw failure("catalog write failed", e, dir);
        }
        return new CatalogPublishResult(added, replaced, unchanged);
    }

    /** Whether {@code candidate} replaces {@code existing}: a pack id at least as large (UUIDv7: as late). */
    private static boolean wins(CatalogEntry candidate, CatalogEntry existing) {
        return compare(candidate.manifestPack(), existing.manifestPack()) >= 0;
    }

    static int compare(PackId a, PackId b) {
        return Arrays.compareUnsigned(a.bytes(), b.bytes());
    }

    /** The totals as of the last publish. */
    public CatalogStats stats() {
        return guard.call(() -> stats);
    }

    /**
     * Calls {@code each} for every entry in hash-part order from a consistent view taken now; memory holds one entry
     * at a time. {@code each} must not close this catalog.
     */
    public void forEach(Consumer<? super CatalogEntry> each) {
        Objects.requireNonNull(each, "each");
        try {
            guard.call(() -> {
                try (ReadOptions scan = new ReadOptions().setFillCache(false); RocksIterator it = db.newIterator(paths, scan)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        each.accept(decode(it.key(), it.value()));
                    }
                    it.status();
                }
                return null;
            });
        } catch (RocksDBException e) {
            throw failure("catalog scan failed", e, dir);
        }
    }

    /** Writes the memtables to disk and waits (before a rebuilt catalog goes live). */
    void flush() {
        try {
            guard.call(() -> {
                try (FlushOptions o = new FlushOptions().setWaitForFlush(true)) {
                    db.flush(o, List.of(meta, paths, files));
                }
                return null;
            });
        } catch (RocksDBException e) {
            throw failure("catalog flush failed", e, dir);
        }
    }

    /** Waits for running calls, closes RocksDB and releases the home. Idempotent. */
    @Override
    public void close() {
        guard.close(() -> {
            try {
                closeStore();
            } finally {
                if (home != null) {
                    home.close();
                }
            }
        });
    }

    private void closeStore() {
        meta.close();
        paths.close();
        files.close();
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw failure("catalog close failed", e, dir);
        } finally {
            natives.close();
        }
    }

    private byte[] read(CloseGuard.Call<byte[], RocksDBException> r) {
        try {
            return guard.call(r);
        } catch (RocksDBException e) {
            throw failure("catalog read failed", e, dir);
        }
    }

    private CatalogEntry decode(byte[] key, byte[] value) {
        try {
            return CatalogEntry.decode(key, value);
        } catch (TierpackException e) {
            throw e.with("directory", dir);
        }
    }

    static CatalogStoreException failure(String what, RocksDBException e, Path dir) {
        return new CatalogStoreException(what, e, "directory", dir,
                "status", e.getStatus() == null ? "?" : e.getStatus().getCodeString(), "reason", e.getMessage());
    }
}
