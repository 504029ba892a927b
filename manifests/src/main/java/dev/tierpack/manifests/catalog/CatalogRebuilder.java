package dev.tierpack.manifests.catalog;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.format.ManifestFormat;
import dev.tierpack.packer.compress.SegmentCodec;
import dev.tierpack.packer.format.Checksums;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.PackHeader;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.SegmentRecord;
import dev.tierpack.packer.index.ChunkIndexRebuilder;
import dev.tierpack.packer.index.IndexObjectSource;
import dev.tierpack.packer.index.RebuildResult;
import dev.tierpack.packer.index.RejectedIndexObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code manifests reindex}: rebuilds the local state a read-back server needs from the warm tier alone. One listing
 * of {@code index/} feeds both rebuilds: every index object goes to the {@link ChunkIndexRebuilder} (data and
 * manifest packs), and the manifest packs among them (content code {@link ContentCode#MANIFESTS}) are read, one
 * streaming GET per pack and one segment in memory at a time, and every manifest in them (checked against its chunk
 * id) becomes a catalog entry.
 *
 * <p>Like the chunk index, the catalog is rebuilt in a fresh generation and made live by an atomic switch only when
 * complete (FORMAT.md 9.1); on failure the previous catalog stays live. Bad objects do not stop the rebuild: an index
 * object, manifest pack or manifest that fails its checks is reported (name and reason) and skipped. A store path in
 * several manifest packs keeps the entry of the largest pack id, as incremental publishing does, so the result does
 * not depend on listing order. Tier failures ({@link IOException}, {@link dev.tierpack.core.error.TierException})
 * abort the rebuild.
 */
public final class CatalogRebuilder {
    private CatalogRebuilder() {}

    /**
     * What a rebuild did.
     *
     * @param chunkIndex    the chunk index rebuild
     * @param manifestPacks manifest packs read
     * @param manifests     manifests decoded into the catalog
     * @param rejected      manifest packs and manifests skipped as bad (index objects are counted in
     *                      {@code chunkIndex})
     * @param stats         totals of the new catalog
     */
    public record Result(RebuildResult chunkIndex, long manifestPacks, long manifests, long rejected, CatalogStats stats) {}

    /**
     * Rebuilds the chunk index in {@code chunkIndexHome} and the catalog in {@code catalogHome} from {@code warm}'s
     * index objects and manifest packs, replacing both. Neither may be open.
     */
    public static Result rebuild(Tier warm, Path catalogHome, Path chunkIndexHome,
            Consumer<? super RejectedIndexObject> rejected) throws IOException {
        Objects.requireNonNull(warm, "warm");
        Objects.requireNonNull(rejected, "rejected");
        long[] counts = new long[3]; // manifest packs, manifests, rejected
        try (CatalogHome home = CatalogHome.lock(catalogHome)) {
            Path dir = home.nextGeneration();
            RebuildResult chunks;
            CatalogStats stats;
            try (Catalog fresh = Catalog.openStore(dir, null, false, true)) {
                IndexObjectSource source = each -> {
                    for (Iterator<TierObject> it = warm.list("index/", null); it.hasNext(); ) {
                        String key = it.next().key();
                        byte[] bytes;
                        try (InputStream in = warm.read(key)) {
                            bytes = in.readAllBytes();
                        }
                        each.accept(key, bytes);
                        catalogue(warm, key, bytes, fresh, counts, rejected);
                    }
                };
                chunks = ChunkIndexRebuilder.rebuild(chunkIndexHome, source, rejected);
                fresh.flush();
                stats = fresh.stats();
            } catch (Throwable t) {
                try {
                    home.discard(dir);
                } catch (RuntimeException suppressed) {
                    t.addSuppressed(suppressed);
                }
                throw t;
            }
            home.makeLive(dir);
            return new Result(chunks, counts[0], counts[1], counts[2], stats);
        }
    }

    /** If {@code bytes} is a valid manifest pack index object, reads the pack and publishes its manifests. */
    private static void catalogue(Tier warm, String key, byte[] bytes, Catalog fresh, long[] counts,
            Consumer<? super RejectedIndexObject> rejected) throws IOException {
        PackIndexObject index;
        try {
            index = PackFormat.readIndexObject(bytes, key);
        } catch (FormatException | IntegrityException e) {
            return; // reported by the chunk index rebuild
        }
        if (index.content() != ContentCode.MANIFESTS || !key.equals(index.packId().indexKey())) {
            return;
        }
        counts[0]++;
        String packKey = index.packId().objectKey();
        List<CatalogEntry> entries = new ArrayList<>();
        try {
            readManifests(warm, index, (id, blob) -> {
                String object = packKey + "#" + id;
                try {
                    Manifest m = ManifestFormat.decode(blob, id, object);
                    entries.add(CatalogEntry.of(m, id, index.packId()));
                } catch (FormatException | IntegrityException e) {
                    counts[2]++;
                    rejected.accept(new RejectedIndexObject(object, e.getMessage()));
                }
            });
        } catch (FormatException | IntegrityException e) {
            counts[2]++;
            rejected.accept(new RejectedIndexObject(packKey, e.getMessage()));
            return;
        }
        counts[1] += entries.size();
        fresh.publish(entries);
    }

    private interface ChunkSink {
        void accept(dev.tierpack.packer.chunk.ChunkId id, byte[] blob);
    }

    /** Streams the pack's segments (one GET), checks and decodes each, hands every chunk to {@code sink}. */
    private static void readManifests(Tier warm, PackIndexObject index, ChunkSink sink) throws IOException {
        String packKey = index.packId().objectKey();
        List<SegmentRecord> segments = index.body().segments();
        List<ChunkRecord> chunks = index.body().chunks();
        long length = index.trailerOffset() - PackHeader.SIZE;
        if (segments.isEmpty() || length <= 0) {
            return;
        }
        try (InputStream in = warm.readRange(packKey, PackHeader.SIZE, length)) {
            for (int s = 0; s < segments.size(); s++) {
                SegmentRecord seg = segments.get(s);
                byte[] stored = in.readNBytes(seg.storedLength());
                if (stored.length != seg.storedLength()) {
                    throw new FormatException("truncated pack", "pack", packKey, "offset", seg.offset() + stored.length,
                            "expected", seg.end());
                }
                int crc = Checksums.crc32c(stored, 0, stored.length);
                if (crc != seg.crc32c()) {
                    throw new IntegrityException("segment checksum mismatch", "pack", packKey, "offset", seg.offset(),
                            "segment", s);
                }
                byte[] raw;
                try {
                    raw = SegmentCodec.decompress(seg.codec(), stored, 0, stored.length, seg.rawLength());
                } catch (TierpackException e) {
                    throw e.with("pack", packKey).with("segment", s);
                }
                for (ChunkRecord c : chunks.subList(seg.firstChunk(), seg.endChunk())) {
                    sink.accept(c.id(), Arrays.copyOfRange(raw, c.offsetInSegment(), c.endInSegment()));
                }
            }
        } catch (dev.tierpack.core.error.TierObjectNotFoundException e) {
            throw new FormatException("manifest pack is missing", "pack", packKey);
        }
    }
}
