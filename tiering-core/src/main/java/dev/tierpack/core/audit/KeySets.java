package dev.tierpack.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The NAR keys seen in the listing and the NAR URLs narinfos point to, on disk (RocksDB) so that a cache
 * of hundreds of millions of objects is cross-checked in bounded memory. Deleted on close.
 */
final class KeySets implements AutoCloseable {
    private static final byte NAR = 'n';
    private static final byte URL = 'u';

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Options options;
    private final RocksDB db;

    private KeySets(Path dir, Options options, RocksDB db) {
        this.dir = dir;
        this.options = options;
        this.db = db;
    }

    static KeySets open(Path dir) {
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new KeySets(dir, options, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException e) {
            options.close();
            throw new IllegalStateException("cannot open key set store at " + dir, e);
        }
    }

    void addNar(String key) {
        put(NAR, key, new byte[0]);
    }

    void addUrl(String url, String narinfoKey) {
        put(URL, url, narinfoKey.getBytes(StandardCharsets.UTF_8));
    }

    /** Reports narinfo URLs with no NAR (narinfo key, url) and NARs with no narinfo. */
    void crossCheck(BiConsumer<String, String> danglingNarinfo, Consumer<String> orphanNar) {
        scan(URL, (url, narinfoKey) -> {
            if (get(NAR, url) == null) {
                danglingNarinfo.accept(narinfoKey, url);
            }
        });
        scan(NAR, (nar, ignored) -> {
            if (get(URL, nar) == null) {
                orphanNar.accept(nar);
            }
        });
    }

    private void scan(byte prefix, BiConsumer<String, String> each) {
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {prefix}); it.isValid() && it.key()[0] == prefix; it.next()) {
                byte[] k = it.key();
                each.accept(new String(k, 1, k.length - 1, StandardCharsets.UTF_8), new String(it.value(), StandardCharsets.UTF_8));
            }
        }
    }

    private void put(byte prefix, String key, byte[] value) {
        try {
            db.put(key(prefix, key), value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("key set write failed", e);
        }
    }

    private byte[] get(byte prefix, String key) {
        try {
            return db.get(key(prefix, key));
        } catch (RocksDBException e) {
            throw new IllegalStateException("key set read failed", e);
        }
    }

    private static byte[] key(byte prefix, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[k.length + 1];
        out[0] = prefix;
        System.arraycopy(k, 0, out, 1, k.length);
        return out;
    }

    @Override
    public void close() {
        db.close();
        options.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
