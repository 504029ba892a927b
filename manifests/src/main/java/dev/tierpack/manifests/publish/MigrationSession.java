package dev.tierpack.manifests.publish;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.PackerConfig;
import dev.tierpack.packer.session.PackingSession;
import dev.tierpack.packer.upload.PackPublisher;
import java.io.IOException;
import java.util.List;

/**
 * A sequential migration of store paths into the warm tier: a {@link PackingSession} for the data and a
 * {@link ManifestPublisher} for the manifests, wired in the publish order of docs/FORMAT.md 5 (data packs published,
 * then the manifests of the store paths that became durable, then their catalog entries). Single-threaded.
 */
public final class MigrationSession implements AutoCloseable {
    private final PackingSession packing;
    private final ManifestPublisher manifests;

    public MigrationSession(Tier warm, ChunkIndex chunkIndex, Catalog catalog, PackerConfig packer,
            PackWriterConfig manifestPacks) {
        this.packing = new PackingSession(warm, chunkIndex, packer);
        this.manifests = new ManifestPublisher(warm, chunkIndex, catalog, manifestPacks);
    }

    /** Verifies, decomposes and packs one store path; manifests of paths that became durable are added. */
    public void ingest(NarInfo info, String narinfoKey, BinaryCacheSource source) throws IOException {
        packing.ingest(info, narinfoKey, source);
        manifests.addAll(packing.drainDurable());
    }

    /** Publishes the open data pack and then the open manifest pack: every ingested path is then in the catalog. */
    public void flush() throws IOException {
        packing.flush();
        manifests.addAll(packing.drainDurable());
        manifests.flush();
    }

    /** Store paths that reached the catalog since the last call. */
    public List<CatalogEntry> drainCatalogued() {
        return manifests.drainCatalogued();
    }

    public List<PackPublisher.Published> dataPacks() {
        return packing.published();
    }

    public List<ManifestPublisher.Published> manifestPacks() {
        return manifests.published();
    }

    /** Abandons open packs; paths not yet catalogued must be ingested again. */
    @Override
    public void close() {
        try {
            packing.close();
        } finally {
            manifests.close();
        }
    }
}
