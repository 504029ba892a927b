package dev.tierpack.manifests.publish;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.catalog.CatalogPublishResult;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.format.ManifestFormat;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.IngestedPath;
import dev.tierpack.packer.upload.PackInFlight;
import dev.tierpack.packer.upload.PackPublisher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes manifests (docs/FORMAT.md 5 and 8): each durable store path's manifest becomes a chunk of a manifest pack
 * (content code {@link ContentCode#MANIFESTS}) on the warm tier; when the pack is full or on {@link #flush} it is
 * published like a data pack ({@link PackPublisher}: upload complete, footer and trailer read back, index object
 * written and read back, chunks published in the chunk index), and only then are the catalog entries of every
 * manifest in it written, in one atomic RocksDB batch.
 *
 * <p>Guarantees: a manifest is accepted only if every chunk it names is already published in the chunk index (step 5
 * of the publish order), otherwise {@link #add} throws an {@link IntegrityException} naming the store path and the
 * chunk; a store path is in the catalog only once its manifest pack is durable and verified; a manifest identical to
 * one already stored is not stored again. If anything fails before the catalog batch, the catalog does not list the
 * pack's store paths (the caller redoes them; the pack may stay an orphan). Single-threaded.
 */
public final class ManifestPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestPublisher.class);
    /** Manifest packs: 64 MiB, 256 KiB segments (a manifest read fetches and decodes one segment), zstd level 3. */
    public static final long DEFAULT_PACK_SIZE = 64L << 20;
    public static final int DEFAULT_SEGMENT_SIZE = 256 << 10;

    /** One manifest pack publication: the pack (null if every manifest was already stored) and the catalog batch. */
    public record Published(PackPublisher.Published pack, int manifests, CatalogPublishResult catalog) {}

    private record Pending(Manifest manifest, ChunkId id, PackId pack) {}

    private final Tier warm;
    private final ChunkIndex chunkIndex;
    private final Catalog catalog;
    private final PackWriterConfig config;
    private final PackPublisher publisher;
    private final Set<ChunkId> inPack = new HashSet<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<Published> published = new ArrayList<>();
    private final List<CatalogEntry> catalogued = new ArrayList<>();
    private PackInFlight open;

    /** @param config manifest pack layout: must be for the warm tier and {@link ContentCode#MANIFESTS} */
    public ManifestPublisher(Tier warm, ChunkIndex chunkIndex, Catalog catalog, PackWriterConfig config) {
        this.warm = Objects.requireNonNull(warm, "warm");
        this.chunkIndex = Objects.requireNonNull(chunkIndex, "chunkIndex");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.config = Objects.requireNonNull(config, "config");
        if (config.tier() != TierCode.WARM || config.content() != ContentCode.MANIFESTS) {
            throw new IllegalArgumentException("manifest packs are warm MANIFESTS packs: " + config);
        }
        this.publisher = new PackPublisher(warm, chunkIndex);
    }

    /** The default manifest pack layout. */
    public static PackWriterConfig defaultPackConfig() {
        return new PackWriterConfig(DEFAULT_PACK_SIZE, DEFAULT_SEGMENT_SIZE, SegmentCompression.zstd(3), TierCode.WARM,
                ContentCode.MANIFESTS);
    }

    /**
     * Adds the manifest of a durable store path (from {@link dev.tierpack.packer.session.PackingSession#drainDurable}),
     * placed as the path was placed ({@link IngestedPath#placement()}; docs/FORMAT.md "Placement"), and cold in any
     * case if one of its chunks is only in a cold pack. Returns the manifest's chunk id.
     */
    public ChunkId add(IngestedPath path) throws IOException {
        Map<ChunkId, ChunkLocation> at = published(path.layout().files(), path.info().storePath().toString());
        boolean cold = path.placement() == TierCode.COLD || at.values().stream().anyMatch(l -> l.tier() != TierCode.WARM);
        return add(Manifest.of(path, cold ? TierCode.COLD : TierCode.WARM), at);
    }

    /** Adds a manifest with the placement it carries. */
    public ChunkId add(Manifest manifest) throws IOException {
        return add(manifest, published(manifest.layout().files(), manifest.storePath().toString()));
    }

    /** Adds every path of {@code paths} in order. */
    public void addAll(List<IngestedPath> paths) throws IOException {
        for (IngestedPath p : paths) {
            add(p);
        }
    }

    private ChunkId add(Manifest manifest, Map<ChunkId, ChunkLocation> checked) throws IOException {
        byte[] blob = ManifestFormat.encode(manifest);
        ChunkId id = ManifestFormat.id(blob);
        if (inPack.contains(id)) {
            pending.add(new Pending(manifest, id, open.writer().header().packId()));
            return id;
        }
        Optional<ChunkLocation> stored = chunkIndex.find(id);
        if (stored.isPresent()) {
            pending.add(new Pending(manifest, id, stored.get().packId()));
            return id;
        }
        if (open == null) {
            open = PackInFlight.start(warm, config, null);
        }
        open.writer().add(id, blob, 0, blob.length);
        inPack.add(id);
        pending.add(new Pending(manifest, id, open.writer().header().packId()));
        if (open.writer().isFull()) {
            seal();
        }
        return id;
    }

    /** Publishes the open manifest pack, then the catalog entries of every manifest added so far. */
    public void flush() throws IOException {
        if (open != null) {
            seal();
        } else if (!pending.isEmpty()) {
            publishCatalog(null);
        }
    }

    /** Manifest packs published so far. */
    public List<Published> published() {
        return List.copyOf(published);
    }

    /** Catalog entries written since the last call, in order: these store paths are readable and durable. */
    public List<CatalogEntry> drainCatalogued() {
        List<CatalogEntry> out = List.copyOf(catalogued);
        catalogued.clear();
        return out;
    }

    /** Manifests added but not yet in the catalog. */
    public int pending() {
        return pending.size();
    }

    private void seal() throws IOException {
        PackInFlight p = open;
        open = null;
        PackPublisher.Published pack = p.seal(publisher);
        inPack.clear();
        publishCatalog(pack);
    }

    private void publishCatalog(PackPublisher.Published pack) {
        List<CatalogEntry> entries = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            entries.add(CatalogEntry.of(p.manifest(), p.id(), p.pack()));
        }
        CatalogPublishResult result = catalog.publish(entries);
        pending.clear();
        catalogued.addAll(entries);
        published.add(new Published(pack, entries.size(), result));
        LOG.info("catalog updated: manifestPack={} manifests={} added={} replaced={} unchanged={}",
                pack == null ? "none" : pack.packKey(), entries.size(), result.added(), result.replaced(),
                result.unchanged());
    }

    /** The locations of all chunks of {@code files}; an {@link IntegrityException} if one is not published. */
    private Map<ChunkId, ChunkLocation> published(List<List<ChunkRef>> files, String storePath) {
        Set<ChunkId> ids = new LinkedHashSet<>();
        files.forEach(f -> f.forEach(r -> ids.add(r.id())));
        Map<ChunkId, ChunkLocation> found = chunkIndex.findAll(ids);
        if (found.size() != ids.size()) {
            ChunkId missing = ids.stream().filter(i -> !found.containsKey(i)).findFirst().orElseThrow();
            throw new IntegrityException("manifest names a chunk that is not published", "storePath", storePath,
                    "chunk", missing, "missing", ids.size() - found.size());
        }
        return found;
    }

    /** Abandons the open manifest pack (its upload is aborted); pending store paths do not reach the catalog. */
    @Override
    public void close() {
        if (open != null) {
            open.abort();
            open = null;
        }
        pending.clear();
        inPack.clear();
    }
}
