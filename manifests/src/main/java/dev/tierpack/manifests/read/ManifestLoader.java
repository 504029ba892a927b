package dev.tierpack.manifests.read;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.format.ManifestFormat;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.LocatedChunkReader;
import dev.tierpack.packer.upload.TierRangeSource;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a manifest given its chunk id: the chunk index locates it in its manifest pack, one range GET fetches its
 * segment (CRC32C, decoding and the SHA-256 against the id are checked by {@link LocatedChunkReader}), and
 * {@link ManifestFormat} decodes it. Errors name the manifest and the store path asked for.
 *
 * <p>Decoded manifests are kept in a least-recently-used cache bounded by the total size of their blobs
 * ({@code cacheBytes}; decoded objects take a small multiple of that), so that the NAR request that follows a
 * narinfo request, or a popular store path, costs no tier read. Manifests are immutable (a manifest id is the SHA-256
 * of its bytes), so a cached one is never stale. Thread-safe.
 */
public final class ManifestLoader {
    /** Default cache bound: 16 MiB of manifest blobs. */
    public static final long DEFAULT_CACHE_BYTES = 16L << 20;

    private record Cached(Manifest manifest, int blobBytes) {}

    private final ChunkIndex index;
    private final ChunkTiers tiers;
    private final long cacheBytes;
    private final Map<ChunkId, Cached> cache = new LinkedHashMap<>(64, 0.75f, true);
    private final java.util.concurrent.ConcurrentHashMap<ChunkId, java.util.concurrent.CompletableFuture<Manifest>> loading =
            new java.util.concurrent.ConcurrentHashMap<>();
    private long cached;

    public ManifestLoader(ChunkIndex index, ChunkTiers tiers) {
        this(index, tiers, DEFAULT_CACHE_BYTES);
    }

    /** @param cacheBytes bound on the blob bytes of cached manifests; 0 disables the cache */
    public ManifestLoader(ChunkIndex index, ChunkTiers tiers, long cacheBytes) {
        this.index = Objects.requireNonNull(index, "index");
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cacheBytes < 0");
        }
        this.cacheBytes = cacheBytes;
    }

    /**
     * The manifest stored as chunk {@code id}, which must be that of the store path with hash part {@code hashPart}.
     * Concurrent loads of one manifest share one read.
     */
    public Manifest load(ChunkId id, String hashPart) throws IOException {
        synchronized (cache) {
            Cached c = cache.get(id);
            if (c != null) {
                return check(c.manifest(), id, hashPart);
            }
        }
        java.util.concurrent.CompletableFuture<Manifest> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Manifest> running = loading.putIfAbsent(id, mine);
        if (running != null) {
            try {
                return check(running.get(), id, hashPart);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while loading manifest " + id);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
        try {
            Manifest m = read(id, hashPart);
            mine.complete(m);
            return m;
        } catch (IOException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(id, mine);
        }
    }

    private Manifest read(ChunkId id, String hashPart) throws IOException {
        ChunkLocation at = index.find(id).orElseThrow(() -> new IntegrityException(
                "manifest is not in the chunk index", "manifest", id, "storePath", hashPart));
        Tier tier = tiers.tier(at.tier()).orElseThrow(() -> new RestoreRequiredException(
                "manifest is on the cold tier", "manifest", id, "storePath", hashPart));
        Manifest m;
        byte[] blob;
        try {
            blob = LocatedChunkReader.read(new TierRangeSource(tier, at.packKey()), id, at);
            m = check(ManifestFormat.decode(blob, "manifest " + id), id, hashPart);
        } catch (TierpackException e) {
            throw e.with("storePath", hashPart);
        }
        remember(id, m, blob.length);
        return m;
    }

    /** Cached manifests (for tests and metrics). */
    public int cachedManifests() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private void remember(ChunkId id, Manifest m, int bytes) {
        if (bytes > cacheBytes) {
            return;
        }
        synchronized (cache) {
            if (cache.put(id, new Cached(m, bytes)) == null) {
                cached += bytes;
            }
            Iterator<Cached> it = cache.values().iterator();
            while (cached > cacheBytes && it.hasNext()) {
                cached -= it.next().blobBytes();
                it.remove();
            }
        }
    }

    private static Manifest check(Manifest m, ChunkId id, String hashPart) {
        if (!m.storePath().hashPart().equals(hashPart)) {
            throw new IntegrityException("manifest is for another store path", "manifest", id,
                    "manifestStorePath", m.storePath(), "storePath", hashPart);
        }
        return m;
    }
}
