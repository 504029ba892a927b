package dev.tierpack.packer.index;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.PackIndexObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Rebuilds a chunk index from pack index objects alone (the index is local state; the index objects on the warm
 * tier are the truth).
 *
 * <p>Guarantees:
 * <ul>
 * <li>Atomic replacement: the new index is built in a fresh generation directory of the home, flushed to disk, and
 *     only then made live by an atomic rename of the home's {@code LIVE} file (FORMAT.md 7.1). If the rebuild fails
 *     or the process dies midway, the previous index stays live and intact; the partial directory is deleted (now,
 *     or when the home is next opened).
 * <li>Bad index objects do not stop the rebuild: an object that does not decode (magic, version, checksum,
 *     invariants), whose key is not its pack's index key, or that contradicts an already indexed object with the
 *     same pack id is reported (key and reason) and skipped. A failing source (an {@link IOException}) or a failing
 *     store aborts the rebuild.
 * <li>Deterministic: the result does not depend on the order of the objects. A chunk id held by several packs maps
 *     to the pack with the smallest id, the earliest created (UUIDv7). Incremental publishing keeps the first
 *     published copy instead, so the two agree whenever packs were published in creation order; otherwise both point
 *     to valid copies of the chunk. Totals are the same either way.
 * <li>Memory holds one index object at a time (plus RocksDB's bounded buffers). Writes skip the WAL and the per-pack
 *     sync: a crashed rebuild is discarded anyway, and the whole index is flushed before it goes live.
 * </ul>
 * The home is locked for the whole rebuild: it fails with a {@link dev.tierpack.core.error.ConfigException} while a
 * {@link ChunkIndex} is open on it.
 */
public final class ChunkIndexRebuilder {
    private ChunkIndexRebuilder() {}

    /** Rebuilds with {@link ChunkIndexConfig#defaults()}. */
    public static RebuildResult rebuild(Path home, IndexObjectSource source, Consumer<? super RejectedIndexObject> rejected)
            throws IOException {
        return rebuild(home, source, ChunkIndexConfig.defaults(), rejected);
    }

    /**
     * Builds a new index in {@code home} from every object of {@code source} and makes it live, replacing the
     * current one (if any). {@code rejected} is told about each skipped object as it is met.
     */
    public static RebuildResult rebuild(Path home, IndexObjectSource source, ChunkIndexConfig config,
            Consumer<? super RejectedIndexObject> rejected) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(config, "config");
        try (IndexHome h = IndexHome.lock(home)) {
            Path dir = h.nextGeneration();
            long[] counts = new long[2];
            IndexStats stats;
            try (ChunkIndex fresh = ChunkIndex.openStore(dir, config, null, false, true,
                    ChunkIndex.Conflict.KEEP_SMALLEST_PACK, ChunkIndex.Faults.NONE)) {
                source.forEach((name, bytes) -> {
                    counts[0]++;
                    try {
                        fresh.publish(decode(name, bytes));
                    } catch (FormatException | IntegrityException e) {
                        counts[1]++;
                        rejected.accept(new RejectedIndexObject(name, e.getMessage()));
                    }
                });
                fresh.flush();
                stats = fresh.stats();
            } catch (Throwable t) {
                try {
                    h.discard(dir);
                } catch (RuntimeException suppressed) {
                    t.addSuppressed(suppressed);
                }
                throw t;
            }
            h.makeLive(dir);
            return new RebuildResult(counts[0], counts[1], stats, dir);
        }
    }

    /** Decodes and checks one index object: any known version, and stored under its own pack's index key. */
    static PackIndexObject decode(String name, byte[] bytes) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        PackIndexObject index = PackFormat.readIndexObject(bytes, name);
        String expected = index.packId().indexKey();
        if (!name.equals(expected)) {
            throw new FormatException("index object key does not match its pack id", "object", name,
                    "pack", index.packId(), "expected", expected);
        }
        return index;
    }
}
