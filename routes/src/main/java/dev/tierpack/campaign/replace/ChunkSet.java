package dev.tierpack.campaign.replace;

import dev.tierpack.core.error.TierpackException;
import dev.tierpack.packer.chunk.ChunkId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * A scratch set of chunk ids in RocksDB (the chunks hot paths need, for re-placement): bounded memory whatever the
 * number of chunks. Not durable (no WAL): it is rebuilt by every run and deleted on close.
 */
final class ChunkSet implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Options options;
    private final WriteOptions write;
    private final RocksDB db;
    private long size;

    ChunkSet(Path dir) {
        this.dir = dir;
        delete(dir);
        this.options = new Options().setCreateIfMissing(true).setInfoLogLevel(org.rocksdb.InfoLogLevel.WARN_LEVEL);
        this.write = new WriteOptions().setDisableWAL(true);
        try {
            Files.createDirectories(dir);
            this.db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException | IOException e) {
            options.close();
            write.close();
            throw new TierpackException("cannot open a scratch chunk set", e, "directory", dir, "cause", e.getMessage());
        }
    }

    /** Adds {@code id}; returns whether it was new. */
    boolean add(ChunkId id) {
        byte[] k = id.bytes();
        if (db.keyExists(k)) {
            return false;
        }
        try {
            db.put(write, k, new byte[0]);
        } catch (RocksDBException e) {
            throw new TierpackException("cannot write the scratch chunk set", e, "directory", dir, "cause", e.getMessage());
        }
        size++;
        return true;
    }

    boolean contains(ChunkId id) {
        return db.keyExists(id.bytes());
    }

    long size() {
        return size;
    }

    @Override
    public void close() {
        db.close();
        options.close();
        write.close();
        delete(dir);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete scratch directory " + dir, e);
        }
    }
}
