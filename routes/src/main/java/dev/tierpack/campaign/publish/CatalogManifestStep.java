package dev.tierpack.campaign.publish;

import dev.tierpack.campaign.runtime.CrashPoints;
import dev.tierpack.campaign.worker.BatchWorker;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.publish.ManifestPublisher;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.IngestedPath;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Step 3 of the commit protocol (docs/FORMAT.md section 5): the manifests of a batch's durable store paths are
 * written into a manifest pack on the warm tier, the pack is published like any pack (upload, read-back, index
 * object, chunk index), and only then are their catalog entries written in one RocksDB batch.
 *
 * <p>Each call uses a fresh {@link ManifestPublisher}, so a failure abandons that batch's open manifest pack and
 * leaves nothing half-published for the retried batch. Redoing a batch after a crash is idempotent: a manifest
 * already stored is found in the chunk index and only its catalog entry is (re)written, unchanged.
 */
public final class CatalogManifestStep implements BatchWorker.ManifestStep {
    private final Tier warm;
    private final ChunkIndex chunkIndex;
    private final Catalog catalog;
    private final PackWriterConfig config;

    public CatalogManifestStep(Tier warm, ChunkIndex chunkIndex, Catalog catalog, PackWriterConfig config) {
        this.warm = Objects.requireNonNull(warm, "warm");
        this.chunkIndex = Objects.requireNonNull(chunkIndex, "chunkIndex");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** With the default manifest pack layout. */
    public CatalogManifestStep(Tier warm, ChunkIndex chunkIndex, Catalog catalog) {
        this(warm, chunkIndex, catalog, ManifestPublisher.defaultPackConfig());
    }

    @Override
    public Published publish(List<IngestedPath> durable) throws IOException {
        if (durable.isEmpty()) {
            return Published.NONE;
        }
        int packs = 0;
        long bytes = 0;
        try (ManifestPublisher publisher = new ManifestPublisher(warm, chunkIndex, catalog, config)) {
            publisher.addAll(durable);
            CrashPoints.reach("before-manifest-pack");
            publisher.flush();
            for (ManifestPublisher.Published p : publisher.published()) {
                if (p.pack() != null) {
                    packs++;
                    bytes += p.pack().packLength();
                }
            }
        }
        CrashPoints.reach("after-catalog");
        return new Published(packs, bytes);
    }
}
